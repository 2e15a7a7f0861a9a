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
    "case_no,agency_code,case_type,procedure,origin_case_no,filed_on,closed_on,closing_method,within_term,appealed,appeal_outcome,judgment_published,amount_due,amount_recovered",
    // March 2024, closed first-instance civil cases: 4, of them 3 within term; 1 mediated, 1 withdrawn.
    "A1,FY330106,民事,一审,,2024-01-10,2024-03-05,判决,是,是,改判,是,,",
    "A2,FY330106,民事,一审,,2024-02-01,2024-03-10,调解,是,否,,,,",
    "A3,FY330106,民事,一审,,2024-02-15,2024-03-20,撤诉,是,否,,,,",
    // Closed by a people's tribunal of 西湖区: counts for the county court.
    "A4,FT330106009,民事,一审,,2023-10-01,2024-03-25,判决,否,否,,否,,",
    // Still pending, filed more than a year before March's end.
    "A5,FY330106,民事,一审,,2023-01-02,,,,,,,,",
    // The enforcement of A1: closed in March with 30% recovered and ended without full recovery.
    "E1,FY330106,执行,执行,A1,2024-03-06,2024-03-28,终结本次执行,是,,,,100000,30000",
  ]);
  write("procuratorate_cases", "JC330110.csv", [
    "case_no,agency_code,business_line,origin_case_no,received_on,closed_on,arrest_decision,prosecution_decision,detained,plea_leniency,sentencing_recommendation,recommendation_adopted,prosecution_withdrawn,verdict,returned_for_investigation,replied_on,rectified",
    "B1,JC330110,审查逮捕,,2024-02-01,2024-02-07,批准逮捕,,,,,,,,,,",
    "P1,JC330110,审查起诉,B1,2024-02-20,2024-03-15,,不起诉,是,否,,,,,1,,",
    "P2,JC330110,审查起诉,,2024-03-01,2024-03-21,,提起公诉,否,是,确定刑,是,否,有罪,0,,",
    "C1,JC330110,控告申诉,,2024-03-01,2024-03-25,,,,,,,,,,2024-03-05,",
    "C2,JC330110,控告申诉,,2024-03-02,2024-03-25,,,,,,,,,,2024-03-20,",
    "G1,JC330110,公益诉讼,,2024-01-05,2024-03-02,,,,,,,,,,,是",
    "L1,JC330110,立案监督,,2024-03-03,2024-03-10,,,,,,,,,,,",
  ]);
  write("procuratorial_suggestions", "2024.csv", [
    "suggestion_no,agency_code,issued_on,target_org,topic,replied_on,adopted",
    "S1,JC330110,2024-02-01,某街道,河道,2024-03-10,是",
    "S2,JC330110,2024-02-02,某镇,食品,2024-03-12,否",
  ]);
  write("police_monthly_reports", "GA330109.csv", [
    "agency_code,month,criminal_cases_filed,criminal_cases_solved,serious_violent_filed,serious_violent_solved,telecom_fraud_cases,enforcement_reviews,enforcement_reviews_passed,reconsiderations,reconsiderations_corrected,admin_lawsuits,admin_lawsuits_lost,cases_transferred,cases_returned,calls_110,calls_110_timely,complaints,survey_respondents,survey_satisfied",
    "GA330109,2024-03,400,180,5,5,30,100,96,10,1,4,1,50,5,1000,990,21,500,480",
  ]);
  write("justice_monthly_reports", "SF330127.csv", [
    "agency_code,month,mediations,mediations_succeeded,legal_aid_cases,legal_aid_surveyed,legal_aid_satisfied,corrections_population,corrections_reoffended,corrections_absconded,released_prisoners,released_prisoners_assisted,reconsiderations,reconsiderations_corrected,service_complaints,service_complaints_closed",
    "SF330127,2024-03,100,90,20,10,9,300,0,1,10,9,20,4,5,4",
  ]);
  write("petitions", "2024.csv", [
    "petition_no,received_on,region_code,target_agency_code,issue_type",
    "X1,2024-03-04,330106,FY330106,执行难",
    "X2,2024-03-09,330106001,FY330106,审判不公",
  ]);
  write("transparency_scores", "2024.csv", ["agency_code,year,dimension,score", "FY330106,2024,总分,80", "FY330106,2024,审务公开,70"]);
  write("internet_discussions", "2024.csv", [
    "post_id,posted_on,topic,agency_code,heat,sentiment",
    "W1,2024-03-03,执行难,FY330106,1000,负面",
    "W2,2024-03-04,执行难,FY330106,500,正面",
  ]);
  write("deputy_motions", "2024.csv", [
    "motion_no,kind,submitted_on,topic,assigned_agency_code,status,replied_on,satisfaction",
    "M1,建议,2024-01-20,执行,FY330106,已答复,2024-03-01,满意",
    "M2,建议,2024-01-20,执行,FY330106,已答复,2024-03-02,不满意",
    "M3,建议,2024-01-21,执行,FY330106,已答复,2024-03-03,基本满意",
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

async function per10k(region: string): Promise<number> {
  const [row] = await warehouse.rows<{ population: string }>("select population from raw.ref_regions where region_code = $1", [region]);
  return Number(row!.population) / 10_000 / 12;
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

  it("computes the remaining court formulas", async () => {
    // CT01: closed in March A1–A4 + E1 = 5, filed in March E1 = 1.
    expect(await indicator("FY330106", "CT01")).toEqual({ numerator: 5, denominator: 1, value: 5 });
    expect((await indicator("FY330106", "CT06"))!.value).toBe(0);
    // CT08: first instance closed 4, not appealed A2–A4.
    expect((await indicator("FY330106", "CT08"))!.value).toBe(0.75);
    // CT10: no first-instance civil or administrative filing in March.
    expect((await indicator("FY330106", "CT10"))!.numerator).toBe(0);
    // CT11: 2 petitions about the court per 5 closed cases = 400 per 1,000.
    expect(await indicator("FY330106", "CT11")).toEqual({ numerator: 2, denominator: 0.005, value: 400 });
    // CT14: judgments A1 (published) and A4 (not).
    expect((await indicator("FY330106", "CT14"))!.value).toBe(0.5);
  });

  it("computes the remaining procuratorate formulas", async () => {
    expect(await indicator("JC330110", "PR02")).toEqual({ numerator: 44, denominator: 2, value: 22 });
    expect((await indicator("JC330110", "PR04"))!.value).toBe(0.5);
    expect((await indicator("JC330110", "PR05"))!.value).toBe(1);
    expect(await indicator("JC330110", "PR06")).toEqual({ numerator: 0, denominator: 1, value: 0 });
    expect(await indicator("JC330110", "PR07")).toEqual({ numerator: 0, denominator: 1, value: 0 });
    // PR08: the arrest review closed in February, approved.
    expect(await indicator("JC330110", "PR08", "month", "2024-02-01")).toEqual({ numerator: 0, denominator: 1, value: 0 });
    expect((await indicator("JC330110", "PR10"))!.value).toBe(0.5);
    expect((await indicator("JC330110", "PR11"))!.value).toBe(1);
    // PR12: C1 answered in 4 days, C2 in 18.
    expect((await indicator("JC330110", "PR12"))!.value).toBe(0.5);
    expect((await indicator("JC330110", "PR13"))!.value).toBeCloseTo(1 / (await per10k("330110")), 10);
    expect((await indicator("JC330110", "PR14"))!.numerator).toBe(0);
  });

  it("computes the public-security and justice formulas from the monthly reports", async () => {
    const police = await per10k("330109");
    expect((await indicator("GA330109", "PS01"))!.value).toBeCloseTo(400 / police, 10);
    expect((await indicator("GA330109", "PS02"))!.value).toBeCloseTo(30 / police, 10);
    const rates: [string, number][] = [["PS04", 1], ["PS05", 0.96], ["PS06", 0.1], ["PS07", 0.25], ["PS08", 0.1], ["PS09", 0.99], ["PS11", 0.96]];
    for (const [code, value] of rates) expect((await indicator("GA330109", code))!.value, code).toBe(value);
    const justice = await per10k("330127");
    expect((await indicator("SF330127", "JS01"))!.value).toBe(0.9);
    expect((await indicator("SF330127", "JS02"))!.value).toBeCloseTo(100 / justice, 10);
    expect((await indicator("SF330127", "JS03"))!.value).toBeCloseTo(20 / justice, 10);
    expect((await indicator("SF330127", "JS04"))!.value).toBe(0.8);
    // JS05 is annual: 0 reoffences among 300 people for a twelfth of a year.
    expect(await indicator("SF330127", "JS05")).toEqual({ numerator: 0, denominator: 25, value: 0 });
    expect((await indicator("SF330127", "JS06"))!.value).toBeCloseTo(1 / 300, 10);
    expect((await indicator("SF330127", "JS07"))!.value).toBe(0.9);
    expect((await indicator("SF330127", "JS08"))!.value).toBe(0.2);
    expect((await indicator("SF330127", "JS09"))!.value).toBe(0.9);
  });

  it("computes the cross-cutting formulas for any agency", async () => {
    const court = await per10k("330106");
    expect((await indicator("FY330106", "XX01"))!.value).toBe(80);
    expect((await indicator("FY330106", "XX02"))!.value).toBeCloseTo(2 / court, 10);
    // Only the negative post's heat counts.
    expect((await indicator("FY330106", "XX03"))!.value).toBeCloseTo(1000 / court, 10);
    // 满意 and 基本满意 count as satisfied: 2 of 3.
    expect(await indicator("FY330106", "XX04")).toMatchObject({ numerator: 2, denominator: 3 });
    expect((await indicator("FY330106", "XX04"))!.value).toBeCloseTo(2 / 3, 10);
  });
});

describe("marts.problem_tags and focus_issues", () => {
  it("tag weak, difficult and hot from their rules, and a focus issue where they meet", async () => {
    // Thresholds low enough for a handful of hand-made rows (they are dataform.json vars).
    const vars = { tag_hot_min_count: "1", tag_hot_ratio: "1", tag_persistent_min_quarters_out: "1", tag_recent_months: "1" };
    const run = await runTransform(warehouse, compileOrThrow({ vars }), { actions: ["problem_tags", "focus_issues"] });
    expect(run.status).toBe("succeeded");
    const tags = await warehouse.rows<{ topic: string; tags: string[]; weak_evidence: { indicator_code: string; band: string }[] | null; hot_evidence: { channel: string; count: number }[] | null }>(
      "select topic, tags, weak_evidence, hot_evidence from marts.problem_tags where agency_code = 'FY330106' order by topic",
    );
    const enforcement = tags.find((t) => t.topic === "执行难")!;
    // CT13 终本率 = 1 (red: above 0.55) and CT12 执行到位率 = 0.3 (yellow: under 0.45); one petition and one negative post.
    expect(enforcement.tags).toEqual(["难点", "热点", "弱点"]);
    expect(enforcement.weak_evidence!.map((e) => [e.indicator_code, e.band])).toEqual([["CT12", "yellow"], ["CT13", "red"]]);
    expect(enforcement.hot_evidence!.map((e) => [e.channel, e.count])).toEqual([["negative_posts", 1], ["petitions", 1]]);
    // CT02 法定审限内结案率 0.75: out of interval, no petitions on 审判效率.
    expect(tags.find((t) => t.topic === "审判效率")!.tags).toEqual(["难点", "弱点"]);
    const focus = await warehouse.rows<{ topic: string; tag_count: number }>("select topic, tag_count from marts.focus_issues where agency_code = 'FY330106' order by topic");
    expect(focus).toContainEqual({ topic: "执行难", tag_count: 3 });
  });
});

