// One new day of data for the incremental benchmarks: the next day's filings and closures of one
// court (800 cases) and 60 petitions about it, in the agencies' own CSV layout.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export function writeNewDay(dir: string): void {
  mkdirSync(join(dir, "court_cases"), { recursive: true });
  mkdirSync(join(dir, "petitions"), { recursive: true });
  const rows = ["case_no,agency_code,case_type,procedure,filed_on,closed_on,closing_method,within_term"];
  for (let i = 0; i < 800; i++) rows.push(`(2026)浙0106民初9${String(i).padStart(5, "0")}号,FY330106,民事,一审,2026-12-01,${i % 3 ? "" : "2026-12-01"},${i % 3 ? "" : "调解"},${i % 3 ? "" : "是"}`);
  writeFileSync(join(dir, "court_cases", "FY330106_2026-12-01.csv"), `${rows.join("\n")}\n`);
  const petitions = ["petition_no,received_on,region_code,target_agency_code,issue_type"];
  for (let i = 0; i < 60; i++) petitions.push(`XF20261201${String(i).padStart(6, "0")},2026-12-01,330106,FY330106,执行难`);
  writeFileSync(join(dir, "petitions", "2026-12-01.csv"), `${petitions.join("\n")}\n`);
}
