// 数据: each source's freshness, rows landed and rejected (reasons with the offending values masked, so no
// personal data can travel with them), and the model lineage from the compiled Dataform graph.
import { compileOrThrow } from "../../warehouse/dataform/compile.ts";
import { graphSummary } from "../../warehouse/dataform/describe.ts";
import { contracts } from "../../ingest/contracts/index.ts";
import { emitJson, rows, sql } from "./emit.ts";

await emitJson(async (db) => {
  const loads = await rows(
    db,
    sql<{ source: string; files: number; failed: number; rows_loaded: number; rows_rejected: number; last_loaded: string | null; last_file: string | null }>`
      select source,
             count(*) filter (where status = 'loaded')::int as files,
             count(*) filter (where status = 'failed')::int as failed,
             coalesce(sum(rows_loaded) filter (where status = 'loaded'), 0)::int as rows_loaded,
             coalesce(sum(rows_rejected) filter (where status = 'loaded'), 0)::int as rows_rejected,
             max(finished_at) filter (where status = 'loaded') as last_loaded,
             (array_agg(file_name order by finished_at desc) filter (where status = 'loaded'))[1] as last_file
        from ops.ingest_log
       group by source
       order by source`,
  );
  const rejected = await rows(
    db,
    sql<{ source: string; column: string | null; reason: string; n: number }>`
      select source, column_name as column,
             regexp_replace(regexp_replace(regexp_replace(reason, '"[^"]*"', '"…"', 'g'), '\\([^)]*\\)', '(…)', 'g'), '[0-9X]{6,}', '…', 'g') as reason,
             count(*)::int as n
        from ops.rejected_rows
       group by 1, 2, 3
       order by source, n desc`,
  );
  const graph = graphSummary(compileOrThrow());
  const models = graph.actions
    .filter((a) => a.type !== "assertion" && !a.disabled)
    .map((a) => ({
      name: `${a.schema}.${a.table}`,
      layer: a.schema,
      type: a.type,
      description: a.description.split(/(?<=[.。])\s/)[0],
      reads: [...a.dependencies, ...a.sources].filter((d) => !d.startsWith("assertions.")),
      checks: graph.actions.filter((x) => x.assertionOf === `${a.schema}.${a.table}`).length,
    }));
  const sources = graph.declarations.map((d) => ({ name: d.name, layer: d.name.split(".")[0], type: "source", description: d.description.split(/(?<=[.。])\s/)[0], reads: [], checks: 0 }));
  const titles = Object.fromEntries(contracts.map((c) => [c.name, c.title]));
  return {
    loads: loads.map((l) => ({ ...l, title: titles[l.source] ?? l.source })),
    rejected,
    lineage: [...sources, ...models],
    core: graph.dataformCoreVersion,
    assertions: graph.actions.filter((a) => a.type === "assertion").length,
  };
});
