// How a pipeline run and the run history read in a terminal.
import type { Writable } from "node:stream";
import type { PipelineResult, StageResult } from "./run.ts";

const seconds = (from: string | Date | null, to: string | Date | null) =>
  from && to ? `${((new Date(to).getTime() - new Date(from).getTime()) / 1000).toFixed(1)}s` : "-";

function counts(result: StageResult): string {
  return Object.entries(result.counts)
    .filter(([, n]) => n > 0)
    .map(([name, n]) => `${name.replace(/_/g, " ")} ${n.toLocaleString("en")}`)
    .join(", ");
}

export function printStage(result: StageResult, out: Writable): void {
  const mark = { succeeded: "✓", failed: "✗", skipped: "-" }[result.status];
  out.write(`${mark} stage ${result.stage}  ${result.status}  ${seconds(result.started_at, result.finished_at)}  ${counts(result)}\n`);
}

export function printPipelineSummary(result: PipelineResult, out: Writable): void {
  out.write(`run ${result.runId} ${result.status} in ${seconds(result.startedAt, result.finishedAt)}\n`);
  for (const stage of result.stages) printStage(stage, out);
  if (result.error) out.write(`reason: ${result.error.split("\n").slice(0, 5).join("\n        ")}\n`);
}

export interface RunRow {
  run_id: number;
  trigger: string;
  started_at: Date;
  finished_at: Date | null;
  status: string;
  stages: unknown;
  error: string | null;
}

export function printRuns(rows: RunRow[], out: Writable): void {
  if (rows.length === 0) {
    out.write("no runs yet\n");
    return;
  }
  for (const row of rows) {
    const stages = (row.stages as StageResult[]).map((s) => `${s.stage}:${s.status}`).join(" ");
    const error = row.error ? `  — ${row.error.split("\n")[0]}` : "";
    out.write(
      `${String(row.run_id).padStart(5)}  ${new Date(row.started_at).toISOString().replace("T", " ").slice(0, 19)}  ` +
        `${row.trigger.padEnd(8)}  ${row.status.padEnd(9)}  ${seconds(row.started_at, row.finished_at).padStart(7)}  ${stages}${error}\n`,
    );
  }
}

/**
 * Framework's build output, condensed for a terminal: one line per data loader it runs, its errors, and a
 * count of rendered pages every 25.
 */
export function siteProgressPrinter(out: Writable): (line: string) => void {
  let rendered = 0;
  return (line) => {
    if (/^load \/\S+/.test(line)) out.write(`  site: ${line.replace(/\s*→.*$/, "").replace(/^load /, "loading ")}\n`);
    else if (/error/i.test(line)) out.write(`  site: ${line}\n`);
    else if (/^render \//.test(line) && ++rendered % 25 === 0) out.write(`  site: ${rendered} pages rendered\n`);
  };
}
