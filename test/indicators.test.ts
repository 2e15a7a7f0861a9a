// Cross-stage: hand-made case records and reports → marts.indicator_values, checked against
// values worked out by hand from the catalog's formulas; and the marts' personal-data scan.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestPaths, referenceDir } from "../ingest/ingest.ts";
import { compileOrThrow } from "../warehouse/dataform/compile.ts";
import { runTransform, type RunResult } from "../warehouse/dataform/run.ts";
import { testWarehouse, type TestWarehouse } from "./warehouse.ts";

let warehouse: TestWarehouse;
let build: RunResult;
const inbox = mkdtempSync(join(tmpdir(), "jiandu-indicators-"));

function write(source: string, name: string, lines: string[]) {
  mkdirSync(join(inbox, source), { recursive: true });
  writeFileSync(join(inbox, source, name), `${lines.join("\n")}\n`);
}

beforeAll(async () => {
  warehouse = await testWarehouse();
  write("court_cases", "FY330106.csv", [
    "case_no,agency_code,case_type,procedure,origin_case_no,filed_on,closed_on,closing_method,within_term,appealed,appeal_outcome,amount_due,amount_recovered",
    // March 2024, closed first-instance civil cases: 4, of them 3 within term; 1 mediated, 1 withdrawn.
    "A1,FY330106,民事,一审,,2024-01-10,2024-03-05,判决,是,是,改判,,",
    "A2,FY330106,民事,一审,,2024-02-01,2024-03-10,调解,是,否,,,",
    "A3,FY330106,民事,一审,,2024-02-15,2024-03-20,撤诉,是,否,,,",
    // Closed by a people's tribunal of 西湖区: counts for the county court.
    "A4,FT330106009,民事,一审,,2023-10-01,2024-03-25,判决,否,否,,,",
    // Still pending, filed more than a year before March's end.
    "A5,FY330106,民事,一审,,2023-01-02,,,,,,,",
    // The enforcement of A1: closed in March with 30% recovered and ended without full recovery.
    "E1,FY330106,执行,执行,A1,2024-03-06,2024-03-28,终结本次执行,是,,,100000,30000",
  ]);
  write("procuratorate_cases", "JC330110.csv", [
    "case_no,agency_code,business_line,origin_case_no,received_on,closed_on,arrest_decision,prosecution_decision,detained,returned_for_investigation",
    "B1,JC330110,审查逮捕,,2024-02-01,2024-02-07,批准逮捕,,,",
    "P1,JC330110,审查起诉,B1,2024-02-20,2024-03-15,,不起诉,是,1",
    "P2,JC330110,审查起诉,,2024-03-01,2024-03-21,,提起公诉,否,0",
  ]);
  write("police_monthly_reports", "GA330109.csv", [
    "agency_code,month,criminal_cases_filed,criminal_cases_solved,complaints",
    "GA330109,2024-03,400,180,21",
  ]);
  await ingestPaths(warehouse, [referenceDir, inbox], { withReference: false });
  build = await runTransform(warehouse, compileOrThrow());
}, 180_000);

afterAll(async () => {
  await warehouse.close();
});

async function indicator(agency: string, code: string, grain = "month", period = "2024-03-01") {
  const [row] = await warehouse.rows<{ numerator: string; denominator: string; value: string | null }>(
    "select numerator, denominator, value from marts.indicator_values where agency_code = $1 and indicator_code = $2 and grain = $3 and period_start = $4",
    [agency, code, grain, period],
  );
  return row ? { numerator: Number(row.numerator), denominator: Number(row.denominator), value: row.value === null ? null : Number(row.value) } : undefined;
}

describe("marts.indicator_values", () => {
  it("builds with every assertion passing", () => {
    expect(build.results.filter((r) => r.status !== "succeeded").map((r) => `${r.name}: ${r.error}`)).toEqual([]);
  });

  it("computes court indicators from the case records (tribunals count for their court)", async () => {
    // CT02: trials closed in March 4 (A1–A4), within term 3.
    expect(await indicator("FY330106", "CT02")).toEqual({ numerator: 3, denominator: 4, value: 0.75 });
    // CT03: days A1 55 + A2 38 + A3 34 + A4 176 = 303 over 4.
    expect(await indicator("FY330106", "CT03")).toEqual({ numerator: 303, denominator: 4, value: 75.75 });
    // CT04: pending at 31 March: A5 only, filed 454 days before.
    expect(await indicator("FY330106", "CT04")).toEqual({ numerator: 1, denominator: 1, value: 1 });
    // CT05: first-instance closed 4, reversed on appeal 1 (A1).
    expect((await indicator("FY330106", "CT05"))!.value).toBe(0.25);
    // CT09: civil first instance closed 4, mediated or withdrawn 2.
    expect((await indicator("FY330106", "CT09"))!.value).toBe(0.5);
    // CT12 / CT13: one enforcement, 30,000 of 100,000 recovered, ended without full recovery.
    expect((await indicator("FY330106", "CT12"))!.value).toBe(0.3);
    expect((await indicator("FY330106", "CT13"))!.value).toBe(1);
    // CT07: roots closed in March A1–A4; their proceedings A1–A4 + E1 = 5.
    expect(await indicator("FY330106", "CT07")).toEqual({ numerator: 5, denominator: 4, value: 1.25 });
  });

  it("computes procuratorate indicators, following a prosecution back to its arrest", async () => {
    // PR03: prosecution reviews closed in March 2, detained 1.
    expect((await indicator("JC330110", "PR03"))!.value).toBe(0.5);
    // PR09: after an approved arrest, not prosecuted: 1 of 1.
    expect(await indicator("JC330110", "PR09")).toEqual({ numerator: 1, denominator: 1, value: 1 });
    // PR01: matters concluded 2 (roots B1, P2); proceedings B1 + P1 + 1 return + P2 = 4.
    expect(await indicator("JC330110", "PR01")).toEqual({ numerator: 4, denominator: 2, value: 2 });
  });

  it("gives per-10,000 indicators per year at every grain, and sums quarters from months", async () => {
    // PS10: 21 complaints in a month, 萧山区 2.1 million residents: 21 / (210 / 12) = 1.2 per 10,000 per year.
    const population = Number((await warehouse.rows<{ population: string }>("select population from raw.ref_regions where region_code = '330109'"))[0]!.population);
    const march = await indicator("GA330109", "PS10");
    expect(march!.value).toBeCloseTo(21 / (population / 10_000 / 12), 10);
    const quarter = await indicator("GA330109", "PS10", "quarter", "2024-01-01");
    expect(quarter).toEqual(march);
    expect((await indicator("GA330109", "PS03"))!.value).toBe(0.45);
  });

  it("the personal-data scan fails when an ID number reaches a mart, naming table and column", async () => {
    await warehouse.rows("update marts.indicator_values set indicator_name = '当事人 330106199001011234' where agency_code = 'FY330106' and indicator_code = 'CT02' and grain = 'month'");
    const scan = await runTransform(warehouse, compileOrThrow(), { actions: ["marts_contain_no_personal_data"] });
    expect(scan.status).toBe("failed");
    expect(await warehouse.rows('select table_name, column_name from assertions."marts_contain_no_personal_data"')).toEqual([
      { table_name: "indicator_values", column_name: "indicator_name" },
    ]);
  });
});
