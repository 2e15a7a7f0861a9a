// Benchmark of the loader: a multi-million-row court-case CSV landed by `loadFile` (reading,
// validating every row, COPY, quarantine checks) against `psql \copy` of the same file into the
// same table, in the same run. Prints rows/s, the ratio, and the loader's peak memory.
//
//   npm run bench:ingest -- [--rows 2000000]
//
// Needs `psql` on PATH and the right to create a database (it works in `jiandu_bench`, dropped after).
import { execFileSync, spawnSync } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, statSync } from "node:fs";
import { once } from "node:events";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { courtCases } from "../ingest/contracts/agency-cases.ts";
import { ingestPaths, referenceDir } from "../ingest/ingest.ts";
import { loadFile } from "../ingest/load.ts";
import { Random } from "../ingest/sample/random.ts";
import { openWarehouse } from "../warehouse/connection.ts";
import { projectRoot } from "../warehouse/project.ts";
import { withScratchDatabase } from "./scratch-database.ts";

const { values: args } = parseArgs({
  options: {
    rows: { type: "string", default: "2000000" },
    // Internal: the child process that runs one load and reports its own peak memory.
    "load-only": { type: "string" },
    url: { type: "string" },
  },
});
const ROWS = Number(args.rows);
const dataDir = join(projectRoot, "bench", ".data", "ingest");
const csvPath = join(dataDir, `court_cases_${ROWS}.csv`);
const columns = Object.keys(courtCases.columns);

/** Court cases in a format both psql and the loader read: ISO dates, true/false, plain numbers. */
async function writeBenchCsv(): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  const random = new Random(42);
  const courts = ["FY330102", "FY330105", "FY330106", "FY330108", "FY330109", "FY330110", "FY330111", "FY330112"];
  const out = createWriteStream(csvPath);
  let chunk = `${columns.join(",")}\n`;
  for (let i = 0; i < ROWS; i++) {
    const filed = new Date(Date.UTC(2020, 0, 1) + random.int(0, 1700) * 86_400_000);
    const closed = random.chance(0.9) ? new Date(filed.getTime() + random.int(5, 300) * 86_400_000) : null;
    const iso = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "");
    const row = [
      `(2024)浙0106民初${i}号`, random.pick(courts), "民事", "一审", "民间借贷纠纷", "", iso(filed), iso(closed),
      closed ? "判决" : "", "180", "false", closed ? String(random.chance(0.98)) : "", closed ? "false" : "", "", "",
      closed ? "true" : "", "", "", `张${i % 1000}`, `33010619900101${String(i % 10000).padStart(4, "0")}`,
    ];
    chunk += `${row.join(",")}\n`;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, "drain");
      chunk = "";
    }
  }
  out.end(chunk);
  await once(out, "finish");
}

/** Child: land the file through the loader and print rows, seconds and this process's peak RSS. */
async function loadOnly(url: string): Promise<void> {
  const warehouse = await openWarehouse({ url });
  const start = performance.now();
  const report = await loadFile(warehouse, args["load-only"]!, courtCases);
  const seconds = (performance.now() - start) / 1000;
  await warehouse.close();
  if (report.status !== "loaded") throw new Error(`bench load failed: ${report.error}`);
  process.stdout.write(`${JSON.stringify({ rows: report.rowsLoaded, seconds, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
}

async function main(): Promise<void> {
  if (args["load-only"]) return loadOnly(args.url!);
  if (!existsSync(csvPath)) {
    process.stderr.write(`writing ${ROWS.toLocaleString("en")} rows to ${csvPath}…\n`);
    await writeBenchCsv();
  }
  const megabytes = statSync(csvPath).size / 1024 / 1024;
  await withScratchDatabase("jiandu_bench", async (url) => {
    const bench = await openWarehouse({ url });
    await ingestPaths(bench, [referenceDir], { withReference: false });
    // Baseline: psql \copy of the same CSV into the same raw table (load_id and line filled by defaults).
    await bench.pool.query("alter table raw.court_cases alter column load_id drop not null, alter column source_line drop not null");
    const copyStart = performance.now();
    execFileSync("psql", [url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", `\\copy raw.court_cases (${columns.join(", ")}) from '${csvPath}' with (format csv, header true)`]);
    const copySeconds = (performance.now() - copyStart) / 1000;
    await bench.pool.query("truncate raw.court_cases");
    await bench.pool.query("alter table raw.court_cases alter column load_id set not null, alter column source_line set not null");
    await bench.close();

    const child = spawnSync(process.execPath, ["--import", "tsx", join(projectRoot, "bench", "ingest.ts"), "--rows", String(ROWS), "--load-only", csvPath, "--url", url], {
      encoding: "utf8",
    });
    if (child.status !== 0) throw new Error(`loader child failed: ${child.stderr}`);
    const loader = JSON.parse(child.stdout.trim().split("\n").pop()!) as { rows: number; seconds: number; maxRssMb: number };
    const copyRate = ROWS / copySeconds;
    const loaderRate = loader.rows / loader.seconds;
    process.stdout.write(
      [
        `ingest benchmark: ${ROWS.toLocaleString("en")} court-case rows, ${megabytes.toFixed(0)} MB CSV`,
        `  psql \\copy (no validation)        ${copySeconds.toFixed(1)} s   ${Math.round(copyRate).toLocaleString("en")} rows/s`,
        `  jiandu loader (validate + COPY)    ${loader.seconds.toFixed(1)} s   ${Math.round(loaderRate).toLocaleString("en")} rows/s   ratio ${(loaderRate / copyRate).toFixed(2)}`,
        `  loader peak memory (RSS)           ${loader.maxRssMb.toFixed(0)} MB`,
      ].join("\n") + "\n",
    );
  });
}

await main();
