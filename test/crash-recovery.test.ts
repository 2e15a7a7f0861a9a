// Cross-stage: connections killed in the middle of a build, then a rerun: the run completes and
// the marts equal those of a clean full rebuild — nothing half-written survives.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestPaths } from "../ingest/ingest.ts";
import { generateSample } from "../ingest/sample/generate.ts";
import { compileOrThrow } from "../warehouse/dataform/compile.ts";
import { runTransform } from "../warehouse/dataform/run.ts";
import { testWarehouse, type TestWarehouse } from "./warehouse.ts";

let warehouse: TestWarehouse;

beforeAll(async () => {
  warehouse = await testWarehouse({ maxConnections: 10 });
  const out = join(mkdtempSync(join(tmpdir(), "jiandu-crash-")), "inbox");
  await generateSample({ out, years: 2, scale: 0.05 });
  await ingestPaths(warehouse, [out]);
}, 300_000);

afterAll(async () => {
  await warehouse.close();
});

const MARTS = ["indicator_values", "problem_tags", "agency_portrait", "micro_report_facts"];

async function snapshot(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of MARTS) {
    const [row] = await warehouse.rows<{ digest: string; n: number }>(
      `select md5(string_agg(t::text, '|' order by t::text)) as digest, count(*)::int as n from marts.${table} t`,
    );
    out[table] = `${row!.n}:${row!.digest}`;
  }
  return out;
}

describe("a build whose connections die half-way", () => {
  it("fails cleanly, and the rerun produces the same marts as a clean full rebuild", async () => {
    const compiled = compileOrThrow();
    // Kill every connection of the run once the marts are being built.
    let killed = 0;
    const killer = (async () => {
      for (let attempt = 0; attempt < 3000 && killed === 0; attempt++) {
        const rows = await warehouse.rows<{ n: number }>(
          `select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
            where datname = current_database() and pid <> pg_backend_pid() and state = 'active'
              and query ~* 'create table "(marts|intermediate)"'`,
        );
        killed = rows[0]!.n;
        if (killed === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    const broken = await runTransform(warehouse, compiled, { fullRefresh: true });
    await killer;
    expect(killed).toBeGreaterThan(0);
    expect(broken.status).toBe("failed");
    expect(broken.results.some((r) => r.status === "failed" && /terminat/i.test(r.error ?? ""))).toBe(true);

    const rerun = await runTransform(warehouse, compiled);
    expect(rerun.results.filter((r) => r.status !== "succeeded").map((r) => `${r.name}: ${r.error}`)).toEqual([]);
    const recovered = await snapshot();

    const clean = await runTransform(warehouse, compiled, { fullRefresh: true });
    expect(clean.status).toBe("succeeded");
    expect(await snapshot()).toEqual(recovered);
  });
});
