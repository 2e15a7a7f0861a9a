// Benchmark of the whole nightly run (ingest → transform → score → site → publish) in a scratch database:
// the first run on an empty warehouse, a rerun with nothing new, a run after one new day lands, and a
// --full-refresh run. Prints seconds per stage; the figures that matter are the ratios to the first run.
//
//   npm run bench:pipeline -- [--scale 1] [--years 5]
//
// The sample is generated into bench/.data/pipeline-<scale>x<years> once and reused.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { generateSample, MANIFEST } from "../ingest/sample/generate.ts";
import { runPipeline, STAGES, type PipelineResult } from "../pipeline/run.ts";
import { openWarehouse } from "../warehouse/connection.ts";
import { projectRoot } from "../warehouse/project.ts";
import { writeNewDay } from "./new-day.ts";
import { withScratchDatabase } from "./scratch-database.ts";

const { values: args } = parseArgs({ options: { scale: { type: "string", default: "1" }, years: { type: "string", default: "5" } } });
const scale = Number(args.scale);
const years = Number(args.years);
const dataDir = join(projectRoot, "bench", ".data", `pipeline-${scale}x${years}`);
const sampleDir = join(dataDir, "inbox");
const newDayDir = join(dataDir, "new-day");

const stageSeconds = (result: PipelineResult, stage: string) => {
  const s = result.stages.find((x) => x.stage === stage);
  return s?.started_at && s.finished_at ? (new Date(s.finished_at).getTime() - new Date(s.started_at).getTime()) / 1000 : 0;
};
const total = (result: PipelineResult) => (result.finishedAt.getTime() - result.startedAt.getTime()) / 1000;

async function main(): Promise<void> {
  if (!existsSync(join(sampleDir, MANIFEST))) {
    process.stderr.write(`generating the sample at scale ${scale} into ${sampleDir}…\n`);
    await generateSample({ out: sampleDir, scale, years, clean: true });
  }
  rmSync(newDayDir, { recursive: true, force: true });
  writeNewDay(newDayDir);
  const siteDir = mkdtempSync(join(tmpdir(), "jiandu-bench-site-"));
  await withScratchDatabase("jiandu_bench_pipeline", async (url) => {
    const warehouse = await openWarehouse({ url, maxConnections: 6 });
    const runs: [string, PipelineResult][] = [];
    try {
      const run = async (label: string, options: Parameters<typeof runPipeline>[1]) => {
        process.stderr.write(`${label}…\n`);
        const result = await runPipeline(warehouse, { siteDir, concurrency: 2, ...options });
        if (result.status !== "succeeded") throw new Error(`${label} failed: ${result.error}`);
        runs.push([label, result]);
      };
      await run("first run (empty warehouse)", { inbox: sampleDir });
      await run("rerun, nothing new", { inbox: sampleDir });
      await run("one new day landed", { inbox: newDayDir });
      await run("full refresh", { inbox: sampleDir, fullRefresh: true });
    } finally {
      await warehouse.close();
      rmSync(siteDir, { recursive: true, force: true });
    }
    const rows = runs[0]![1].stages.find((s) => s.stage === "ingest")!.counts.rows_landed ?? 0;
    const first = total(runs[0]![1]);
    const header = ["run".padEnd(28), ...STAGES.map((s) => s.padStart(10)), "total".padStart(9), "÷ first".padStart(9)].join("");
    const lines = runs.map(([label, r]) =>
      [label.padEnd(28), ...STAGES.map((s) => `${stageSeconds(r, s).toFixed(1)}s`.padStart(10)), `${total(r).toFixed(1)}s`.padStart(9), (total(r) / first).toFixed(2).padStart(9)].join(""),
    );
    process.stdout.write(
      [`pipeline benchmark: sample scale ${scale}, ${years} year(s), ${rows.toLocaleString("en")} rows landed on the first run`, header, ...lines].join("\n") + "\n",
    );
  });
}

await main();
