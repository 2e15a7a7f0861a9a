// Procuratorate case records across the business lines, arrest reviews leading to prosecution reviews.
import { procuratorateCases } from "../contracts/agency-cases.ts";
import { addDays, dayInMonth, filingSeason } from "./calendar.ts";
import type { Agency } from "./catalog.ts";
import type { SampleContext } from "./context.ts";
import { fakeIdNumber, fakeName } from "./people.ts";
import type { Random } from "./random.ts";
import type { ExportStyle, SampleRow } from "./writers.ts";

/** Cases received per 10,000 residents per year, by business line. */
const LINES_PER_10K = { 审查逮捕: 8, 审查起诉: 14, 立案监督: 1.5, 侦查活动监督: 3, 公益诉讼: 2, 控告申诉: 5 } as const;
type Line = keyof typeof LINES_PER_10K;

const SHORT: Record<Line, string> = { 审查逮捕: "捕", 审查起诉: "诉", 立案监督: "立监", 侦查活动监督: "侦监", 公益诉讼: "公", 控告申诉: "控申" };
const CHARGES = ["盗窃罪", "危险驾驶罪", "诈骗罪", "帮助信息网络犯罪活动罪", "故意伤害罪", "寻衅滋事罪", "开设赌场罪", "贩卖毒品罪", "掩饰、隐瞒犯罪所得罪"];
const SUBJECTS = ["生态环境和资源保护", "食品药品安全", "国有财产保护", "安全生产", "个人信息保护", "未成年人保护"];

interface Habits {
  volume: number;
  noArrest: number;
  noProsecution: number;
  plea: number;
  detainedOther: number;
  speed: number;
}

function habits(random: Random): Habits {
  return {
    volume: Math.max(0.7, random.normal(1, 0.12)),
    noArrest: Math.min(0.45, Math.max(0.28, random.normal(0.36, 0.04))),
    noProsecution: Math.max(0.05, random.normal(0.13, 0.03)),
    plea: Math.min(0.95, random.normal(0.86, 0.03)),
    detainedOther: Math.max(0.01, random.normal(0.06, 0.02)),
    speed: Math.max(0.7, random.normal(1, 0.12)),
  };
}

export async function generateProcuratorateCases(context: SampleContext): Promise<void> {
  const { catalog, months, scale, plants, asOf } = context;
  const random = context.random.fork("procuratorate_cases");
  const agencies = [...catalog.agenciesOf("procuratorate", "county"), ...catalog.agenciesOf("procuratorate", "city")];
  const years = [...new Set(months.map((m) => m.year))];
  const counters = new Map<string, number>();
  const caseNo = (agency: Agency, line: Line, year: number) => {
    const key = `${agency.code}|${line}|${year}`;
    const n = (counters.get(key) ?? 0) + 1;
    counters.set(key, n);
    return `${agency.region}检${SHORT[line]}受[${year}]${n}号`;
  };
  // Prosecution reviews that follow an arrest filed in a later year wait for that year's file.
  const carried = new Map<string, SampleRow[]>();

  for (const agency of agencies) {
    const h = habits(random.fork(agency.code));
    const population = catalog.region(agency.region).population * (agency.level === "city" ? 0.05 : 1);
    for (const year of years) {
      const rnd = random.fork(`${agency.code}|${year}`);
      const rows: SampleRow[] = [...(carried.get(`${agency.code}|${year}`) ?? [])];
      carried.delete(`${agency.code}|${year}`);
      const push = (row: SampleRow) => {
        const filedYear = Number((row.received_on as string).slice(0, 4));
        if (filedYear === year) rows.push(row);
        else carried.set(`${agency.code}|${filedYear}`, [...(carried.get(`${agency.code}|${filedYear}`) ?? []), row]);
      };
      for (const month of months.filter((m) => m.year === year)) {
        for (const line of Object.keys(LINES_PER_10K) as Line[]) {
          const n = rnd.poisson((LINES_PER_10K[line] * (population / 10_000) * h.volume * filingSeason(month) * scale) / 12);
          for (let i = 0; i < n; i++) {
            const row = blank();
            const received = dayInMonth(rnd, month);
            Object.assign(row, {
              case_no: caseNo(agency, line, month.year),
              agency_code: agency.code,
              business_line: line,
              received_on: received,
              suspect_name: fakeName(rnd),
              suspect_id_number: fakeIdNumber(rnd, agency.region),
            });
            describeCase(row, line, h, rnd, asOf, plants.strength("procuratorate-detention-rise", agency.code, month.key));
            push(row);
            // An approved arrest goes on to prosecution review.
            if (line === "审查逮捕" && row.arrest_decision === "批准逮捕" && rnd.chance(0.9)) {
              const next = blank();
              const start = addDays(row.closed_on as string, rnd.int(20, 60));
              if (start <= asOf) {
                Object.assign(next, {
                  case_no: caseNo(agency, "审查起诉", Number(start.slice(0, 4))),
                  agency_code: agency.code,
                  business_line: "审查起诉",
                  origin_case_no: row.case_no,
                  charge: row.charge,
                  received_on: start,
                  suspect_name: row.suspect_name,
                  suspect_id_number: row.suspect_id_number,
                });
                describeCase(next, "审查起诉", h, rnd, asOf, 0, true);
                push(next);
              }
            }
          }
        }
      }
      const style: ExportStyle =
        agency.level === "city"
          ? { format: "xlsx", headers: "zh", dates: "iso", booleans: "是否" }
          : { format: "xlsx", headers: "zh", dates: "iso", booleans: agencies.indexOf(agency) % 2 ? "是否" : "10" };
      await context.emit({ contract: procuratorateCases, path: `procuratorate_cases/${agency.code}_${year}.xlsx`, style, rows });
    }
  }
}

function blank(): SampleRow {
  return Object.fromEntries(Object.keys(procuratorateCases.columns).map((c) => [c, null]));
}

/** Outcome fields of one case; `arrested` marks a prosecution review that follows an approved arrest. */
function describeCase(row: SampleRow, line: Line, h: Habits, rnd: Random, asOf: string, detentionRise: number, arrested = false): void {
  const received = row.received_on as string;
  const median = { 审查逮捕: 6, 审查起诉: 22, 立案监督: 20, 侦查活动监督: 20, 公益诉讼: 60, 控告申诉: 25 }[line] / h.speed;
  const closed = addDays(received, Math.max(1, Math.round(rnd.logNormal(median, 0.6))));
  const isClosed = closed <= asOf;
  if (line === "审查逮捕" || line === "审查起诉") row.charge ??= rnd.pick(CHARGES);
  if (line === "公益诉讼") row.charge = rnd.pick(SUBJECTS);
  if (isClosed) row.closed_on = closed;
  switch (line) {
    case "审查逮捕":
      if (isClosed) row.arrest_decision = rnd.chance(h.noArrest) ? "不批准逮捕" : "批准逮捕";
      break;
    case "审查起诉": {
      row.detained = arrested || rnd.chance(Math.min(0.95, h.detainedOther + 0.55 * detentionRise));
      row.plea_leniency = rnd.chance(h.plea);
      row.returned_for_investigation = rnd.weighted([[0, 0.92], [1, 0.07], [2, 0.01]] as const);
      if (!isClosed) break;
      const prosecuted = !rnd.chance(arrested ? 0.025 : h.noProsecution);
      row.prosecution_decision = prosecuted ? "提起公诉" : "不起诉";
      if (prosecuted) {
        row.prosecution_withdrawn = rnd.chance(0.002);
        if (row.plea_leniency) {
          row.sentencing_recommendation = rnd.chance(0.8) ? "确定刑" : "幅度刑";
          row.recommendation_adopted = rnd.chance(0.975);
        }
        if (!row.prosecution_withdrawn && addDays(closed, 60) <= asOf) row.verdict = rnd.chance(0.0003) ? "无罪" : "有罪";
      }
      break;
    }
    case "控告申诉": {
      const replied = addDays(received, rnd.chance(0.995) ? rnd.int(1, 7) : rnd.int(8, 20));
      if (replied <= asOf) row.replied_on = replied;
      break;
    }
    case "立案监督":
    case "侦查活动监督":
    case "公益诉讼":
      if (isClosed) row.rectified = rnd.chance(0.965);
      break;
  }
}
