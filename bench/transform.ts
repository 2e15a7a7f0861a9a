// Benchmark of the model build: the whole Dataform graph on the city sample, from scratch
// (--full-refresh) and incrementally after one new day of data lands, in a scratch database.
// Prints seconds per run and the slowest actions; the ratio incremental / full is the figure.
//
//   npm run bench:transform -- [--scale 1] [--years 5]
//
// The sample is generated into bench/.data/transform-<scale> once and reused.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ingestPaths } from "../ingest/ingest.ts";
import { generateSample, MANIFEST } from "../ingest/sample/generate.ts";
import { openWarehouse } from "../warehouse/connection.ts";
import { compileOrThrow } from "../warehouse/dataform/compile.ts";
import { runTransform, type RunResult } from "../warehouse/dataform/run.ts";
import { projectRoot } from "../warehouse/project.ts";
import { writeNewDay } from "./new-day.ts";
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

async function main(): Promise<void> {
  if (!existsSync(join(sampleDir, MANIFEST))) {
    process.stderr.write(`generating the sample at scale ${scale} into ${sampleDir}…\n`);
    await generateSample({ out: sampleDir, scale, years, clean: true });
  }
  writeNewDay(newDayDir);
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
