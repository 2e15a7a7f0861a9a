// How a transform run reads in a terminal: a line per finished action, then a summary.
import type { Writable } from "node:stream";
import type { ActionResult, RunEvent, RunResult } from "../warehouse/dataform/run.ts";

const MARK: Record<ActionResult["status"], string> = { succeeded: "✓", failed: "✗", skipped: "-", disabled: "○" };

function seconds(result: ActionResult): string {
  if (!result.startedAt || !result.finishedAt) return "";
  return `${((result.finishedAt.getTime() - result.startedAt.getTime()) / 1000).toFixed(2)}s`;
}

/** Progress as actions finish: `[ 3/12] ✓ marts.x  table  0.41s  1,204 rows`. */
export function progressPrinter(out: Writable): (event: RunEvent) => void {
  let total = 0;
  let done = 0;
  return (event) => {
    if (event.type === "planned") total = event.total;
    if (event.type !== "finished") return;
    done += 1;
    const r = event.result;
    const width = String(total).length;
    const rows = r.rowsAffected !== null && r.kind !== "assertion" ? `  ${r.rowsAffected.toLocaleString("en")} rows` : "";
    const restored = r.restoredViews.length > 0 ? `  (kept views: ${r.restoredViews.join(", ")})` : "";
    const why = r.error ? `\n        ${r.fileName ? `${r.fileName}: ` : ""}${r.error}` : "";
    out.write(`[${String(done).padStart(width)}/${total}] ${MARK[r.status]} ${r.name}  ${r.kind}  ${seconds(r)}${rows}${restored}${why}\n`);
  };
}

export function printRunSummary(result: RunResult, out: Writable): void {
  const count = (status: ActionResult["status"]) => result.results.filter((r) => r.status === status).length;
  const took = ((result.finishedAt.getTime() - result.startedAt.getTime()) / 1000).toFixed(1);
  out.write(
    `transform ${result.status} in ${took}s (run ${result.runId}): ` +
      `${count("succeeded")} succeeded, ${count("failed")} failed, ${count("skipped")} skipped, ${count("disabled")} disabled\n`,
  );
}

export function printDryRun(result: RunResult): void {
  for (const r of result.results) {
    process.stdout.write(`-- ${r.name} (${r.kind}${r.status === "disabled" ? ", disabled" : ""})\n`);
    for (const statement of r.statements) process.stdout.write(`${statement.trim()};\n`);
    process.stdout.write("\n");
  }
}
