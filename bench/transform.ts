// Benchmark of the model build: the whole Dataform graph on the city sample, from scratch
// (--full-refresh) and incrementally after one new day of data lands, in a scratch database.
// Prints seconds per run and the slowest actions; the ratio incremental / full is the figure.
//
//   npm run bench:transform -- [--scale 1] [--years 5]
//
// The sample is generated into bench/.data/transform-<scale> once and reused.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ingestPaths } from "../ingest/ingest.ts";
import { generateSample, MANIFEST } from "../ingest/sample/generate.ts";
import { openWarehouse } from "../warehouse/connection.ts";
import { compileOrThrow } from "../warehouse/dataform/compile.ts";
import { runTransform, type RunResult } from "../warehouse/dataform/run.ts";
import { projectRoot } from "../warehouse/project.ts";
import { withScratchDatabase } from "./scratch-database.ts";

const { values: args } = parseArgs({ options: { scale: { type: "string", default: "1" }, years: { type: "string", default: "5" } } });
const scale = Number(args.scale);
const years = Number(args.years);
const sampleDir = join(projectRoot, "bench", ".data", `transform-${scale}x${years}`, "inbox");
const newDayDir = join(projectRoot, "bench", ".data", `transform-${scale}x${years}`, "new-day");

function slowest(result: RunResult, n = 5): string {
  return result.results
    .filter((r) => r.startedAt && r.finishedAt)
    .map((r) => ({ name: r.name, seconds: (r.finishedAt!.getTime() - r.startedAt!.getTime()) / 1000 }))
    .sort((a, b) => b.seconds - a.seconds)
    .slice(0, n)
    .map((r) => `${r.name} ${r.seconds.toFixed(1)}s`)
    .join(", ");
}

/** One new day: the next day's filings and closures of one court, and its petitions. */
function writeNewDay(): void {
  mkdirSync(join(newDayDir, "court_cases"), { recursive: true });
  mkdirSync(join(newDayDir, "petitions"), { recursive: true });
  const rows = ["case_no,agency_code,case_type,procedure,filed_on,closed_on,closing_method,within_term"];
  for (let i = 0; i < 800; i++) rows.push(`(2026)浙0106民初9${String(i).padStart(5, "0")}号,FY330106,民事,一审,2026-12-01,${i % 3 ? "" : "2026-12-01"},${i % 3 ? "" : "调解"},${i % 3 ? "" : "是"}`);
  writeFileSync(join(newDayDir, "court_cases", "FY330106_2026-12-01.csv"), `${rows.join("\n")}\n`);
  const petitions = ["petition_no,received_on,region_code,target_agency_code,issue_type"];
  for (let i = 0; i < 60; i++) petitions.push(`XF20261201${String(i).padStart(6, "0")},2026-12-01,330106,FY330106,执行难`);
  writeFileSync(join(newDayDir, "petitions", "2026-12-01.csv"), `${petitions.join("\n")}\n`);
}

async function main(): Promise<void> {
  if (!existsSync(join(sampleDir, MANIFEST))) {
    process.stderr.write(`generating the sample at scale ${scale} into ${sampleDir}…\n`);
    await generateSample({ out: sampleDir, scale, years, clean: true });
  }
  writeNewDay();
  await withScratchDatabase("jiandu_bench_transform", async (url) => {
    const bench = await openWarehouse({ url, maxConnections: 6 });
    process.stderr.write("landing the sample…\n");
    const landed = await ingestPaths(bench, [sampleDir]);
    const rows = landed.reduce((sum, r) => sum + r.rowsLoaded, 0);
    const compiled = compileOrThrow();
    const full = await runTransform(bench, compiled, { fullRefresh: true });
    await ingestPaths(bench, [newDayDir]);
    const incremental = await runTransform(bench, compiled);
    await bench.close();
    const seconds = (r: RunResult) => (r.finishedAt.getTime() - r.startedAt.getTime()) / 1000;
    if (full.status !== "succeeded" || incremental.status !== "succeeded") throw new Error("a benchmark build failed");
    process.stdout.write(
      [
        `transform benchmark: ${full.results.length} actions, sample scale ${scale}, ${years} year(s) (${rows.toLocaleString("en")} raw rows)`,
        `  full refresh              ${seconds(full).toFixed(1)} s   slowest: ${slowest(full)}`,
        `  incremental (+1 day)      ${seconds(incremental).toFixed(1)} s   slowest: ${slowest(incremental)}`,
        `  incremental / full        ${(seconds(incremental) / seconds(full)).toFixed(2)}`,
      ].join("\n") + "\n",
    );
  });
}

await main();
