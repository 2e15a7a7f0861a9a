// Benchmark of the Dataform runner: a 62-action graph over a few million generated case rows,
// timed against the very same statements run serially through psql in the same session, and
// at several concurrencies. Prints ratios, not absolute claims: the machine is shared.
//
//   npm run bench -- [--rows 3000000] [--repeats 3]
//
// Needs `psql` on PATH. Uses DATABASE_URL or the embedded default; everything it creates lives
// in bench_* schemas, dropped at the end.
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { openWarehouse, type Warehouse } from "../warehouse/connection.ts";
import { compileOrThrow } from "../warehouse/dataform/compile.ts";
import { runTransform, type RunResult } from "../warehouse/dataform/run.ts";
import { projectRoot } from "../warehouse/project.ts";

const { values: args } = parseArgs({
  options: {
    rows: { type: "string", default: "3000000" },
    repeats: { type: "string", default: "3" },
    regions: { type: "string", default: "12" },
  },
});
const ROWS = Number(args.rows);
const REPEATS = Number(args.repeats);
const REGIONS = Number(args.regions);
const SCHEMAS = ["bench_raw", "bench_staging", "bench_intermediate", "bench_marts", "bench_assertions"];
const workDir = join(projectRoot, "bench", ".data", "runner");

/** A Dataform project shaped like the real one: per-region staging, a view, marts, checks, roll-ups. */
function writeBenchProject(): string {
  rmSync(workDir, { recursive: true, force: true });
  const files: Record<string, string> = {
    "dataform.json": JSON.stringify({ warehouse: "postgres", defaultSchema: "bench_marts", assertionSchema: "bench_assertions" }),
    "definitions/cases.sqlx": `config { type: "declaration", schema: "bench_raw", name: "cases" }`,
  };
  const closures: string[] = [];
  for (let r = 0; r < REGIONS; r++) {
    files[`definitions/stg_cases_r${r}.sqlx`] = `config { type: "table", schema: "bench_staging" }
select case_id, region, case_type, received_on, closed_on, within_term,
       closed_on - received_on as days_to_close
from \${ref("cases")}
where region = ${r}`;
    files[`definitions/int_monthly_r${r}.sqlx`] = `config { type: "view", schema: "bench_intermediate" }
select region, case_type, date_trunc('month', received_on)::date as month,
       count(*) as received, count(closed_on) as closed,
       count(*) filter (where within_term) as within_term
from \${ref("stg_cases_r${r}")}
group by 1, 2, 3`;
    files[`definitions/closure_r${r}.sqlx`] = `config { type: "table", schema: "bench_marts", assertions: { uniqueKey: ["case_type", "month"] } }
select case_type, month, received, closed, within_term,
       within_term::numeric / nullif(closed, 0) as on_time_rate
from \${ref("int_monthly_r${r}")}`;
    files[`definitions/durations_r${r}.sqlx`] = `config { type: "table", schema: "bench_marts" }
select case_type, percentile_cont(array[0.5, 0.9]) within group (order by days_to_close) as quantiles,
       avg(days_to_close) as mean_days
from \${ref("stg_cases_r${r}")}
where closed_on is not null
group by 1`;
    closures.push(`select ${r} as region, * from \${ref("closure_r${r}")}`);
  }
  files["definitions/all_closure.sqlx"] = `config { type: "table", schema: "bench_marts" }\n${closures.join("\nunion all\n")}`;
  files["definitions/city_summary.sqlx"] = `config { type: "table", schema: "bench_marts" }
select month, sum(received) as received, sum(closed) as closed,
       sum(within_term)::numeric / nullif(sum(closed), 0) as on_time_rate
from \${ref("all_closure")}
group by 1`;
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(workDir, path, ".."), { recursive: true });
    writeFileSync(join(workDir, path), content);
  }
  return workDir;
}

async function generateCases(warehouse: Warehouse): Promise<void> {
  await warehouse.pool.query("drop schema if exists bench_raw cascade; create schema bench_raw");
  await warehouse.pool.query(
    `create table bench_raw.cases as
     select g as case_id,
            g % $2 as region,
            (array['民事', '刑事', '行政', '执行'])[1 + g % 4] as case_type,
            date '2020-01-01' + (g % 1800) as received_on,
            case when g % 10 = 0 then null else date '2020-01-01' + (g % 1800) + (g % 200) end as closed_on,
            g % 10 <> 0 and g % 200 < 180 as within_term
       from generate_series(1, $1::int) g`,
    [ROWS, REGIONS],
  );
  await warehouse.pool.query("analyze bench_raw.cases");
}

async function dropOutputs(warehouse: Warehouse): Promise<void> {
  for (const schema of SCHEMAS.filter((s) => s !== "bench_raw")) {
    await warehouse.pool.query(`drop schema if exists ${schema} cascade`);
  }
}

async function timeRunner(warehouse: Warehouse, projectDir: string, concurrency: number): Promise<{ ms: number; result: RunResult }> {
  await dropOutputs(warehouse);
  const compiled = compileOrThrow({ projectDir });
  const start = performance.now();
  const result = await runTransform(warehouse, compiled, { concurrency });
  const ms = performance.now() - start;
  if (result.status !== "succeeded") throw new Error(`bench graph failed: ${result.results.find((r) => r.error)?.error}`);
  return { ms, result };
}

/** The statements the runner executed, in the order it finished them, one transaction per action. */
function psqlScript(result: RunResult): string {
  const schemas = SCHEMAS.filter((s) => s !== "bench_raw").map((s) => `create schema if not exists ${s};`);
  const ordered = [...result.results].sort((a, b) => a.startedAt!.getTime() - b.startedAt!.getTime());
  const actions = ordered.map((r) => ["begin;", ...r.statements.map((s) => `${s.trim()};`), "commit;"].join("\n"));
  return [...schemas, ...actions].join("\n");
}

async function timePsql(warehouse: Warehouse, scriptFile: string): Promise<number> {
  await dropOutputs(warehouse);
  const start = performance.now();
  execFileSync("psql", [warehouse.url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", scriptFile], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, PGOPTIONS: "-c client_min_messages=warning" },
  });
  return performance.now() - start;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  const warehouse = await openWarehouse({ maxConnections: 8 });
  try {
    const projectDir = writeBenchProject();
    process.stderr.write(`generating ${ROWS.toLocaleString("en")} case rows…\n`);
    await generateCases(warehouse);

    // Warm-up run (caches, catalog, the runner's migrations), and the statements for psql.
    const warm = await timeRunner(warehouse, projectDir, 1);
    const scriptFile = join(workDir, "statements.sql");
    writeFileSync(scriptFile, psqlScript(warm.result));
    const actions = warm.result.results.length;

    const times: Record<string, number[]> = { psql: [], c1: [], c2: [], c4: [] };
    for (let i = 0; i < REPEATS; i++) {
      // Interleaved so drift in the machine's load hits every variant alike.
      times.psql!.push(await timePsql(warehouse, scriptFile));
      times.c1!.push((await timeRunner(warehouse, projectDir, 1)).ms);
      times.c2!.push((await timeRunner(warehouse, projectDir, 2)).ms);
      times.c4!.push((await timeRunner(warehouse, projectDir, 4)).ms);
      process.stderr.write(`repeat ${i + 1}/${REPEATS} done\n`);
    }
    const psql = median(times.psql!);
    const [c1, c2, c4] = [median(times.c1!), median(times.c2!), median(times.c4!)];
    const lines = [
      `runner benchmark: ${actions} actions over ${ROWS.toLocaleString("en")} generated case rows, median of ${REPEATS}`,
      `  psql, same statements, serial   ${fmt(psql)}`,
      `  runner, concurrency 1           ${fmt(c1)}   ratio to psql ${(c1 / psql).toFixed(3)} (overhead ${((c1 / psql - 1) * 100).toFixed(1)}%)`,
      `  runner, concurrency 2           ${fmt(c2)}   speedup vs concurrency 1 ×${(c1 / c2).toFixed(2)}`,
      `  runner, concurrency 4           ${fmt(c4)}   speedup vs concurrency 1 ×${(c1 / c4).toFixed(2)}`,
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
  } finally {
    for (const schema of SCHEMAS) await warehouse.pool.query(`drop schema if exists ${schema} cascade`);
    await warehouse.close();
  }
}

await main();
