// How an ingest reads in a terminal: one line per file, then totals.
import type { Writable } from "node:stream";
import type { LoadReport } from "../ingest/load.ts";

const n = (value: number) => value.toLocaleString("en");

export function printLoad(report: LoadReport, out: Writable): void {
  if (report.status === "skipped") {
    out.write(`= ${report.source}  ${report.file}  already loaded (load ${report.sameAsLoadId}), skipped\n`);
    return;
  }
  if (report.status === "failed") {
    out.write(`✗ ${report.source}  ${report.file}  not loaded: ${report.error}\n`);
    return;
  }
  const rejected = report.rowsRejected > 0 ? `, ${n(report.rowsRejected)} rejected (see ops.rejected_rows, load ${report.loadId})` : "";
  const encoding = report.encoding ? ` ${report.encoding}` : "";
  out.write(`✓ ${report.source}  ${report.file}  ${n(report.rowsLoaded)} rows landed${rejected}  [${report.format}${encoding}]\n`);
  for (const warning of report.warnings) out.write(`    note: ${warning}\n`);
}

export function printIngestSummary(reports: LoadReport[], out: Writable): void {
  const sum = (pick: (r: LoadReport) => number) => reports.reduce((total, r) => total + pick(r), 0);
  const count = (status: LoadReport["status"]) => reports.filter((r) => r.status === status).length;
  out.write(
    `ingest: ${count("loaded")} file(s) loaded, ${count("skipped")} skipped, ${count("failed")} failed; ` +
      `${n(sum((r) => r.rowsLoaded))} rows landed, ${n(sum((r) => r.rowsRejected))} rejected\n`,
  );
}
