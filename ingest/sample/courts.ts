// Court case records: first-instance cases by population and season, with the appeals, retrials
// and enforcement cases they lead to, each court with its own habits and export format.
import { courtCases } from "../contracts/agency-cases.ts";
import { addDays, dayInMonth, filingSeason, monthEnd, type Month } from "./calendar.ts";
import type { Agency } from "./catalog.ts";
import type { BadRow, SampleContext } from "./context.ts";
import { fakeIdNumber, fakeName } from "./people.ts";
import type { Random } from "./random.ts";
import type { ExportStyle, SampleRow } from "./writers.ts";

/** First-instance filings per 10,000 residents per year, by case type (Hangzhou-like orders of magnitude). */
const FIRST_INSTANCE_PER_10K = { 民事: 88, 刑事: 16, 行政: 4 } as const;

const CAUSES = {
  民事: ["民间借贷纠纷", "买卖合同纠纷", "离婚纠纷", "劳动争议", "机动车交通事故责任纠纷", "物业服务合同纠纷", "金融借款合同纠纷", "房屋租赁合同纠纷", "建设工程施工合同纠纷", "信用卡纠纷"],
  刑事: ["盗窃罪", "危险驾驶罪", "诈骗罪", "帮助信息网络犯罪活动罪", "故意伤害罪", "寻衅滋事罪", "开设赌场罪", "贩卖毒品罪"],
  行政: ["行政处罚", "行政许可", "政府信息公开", "行政强制", "工伤认定"],
} as const;

type CaseType = keyof typeof FIRST_INSTANCE_PER_10K;

/** How a court works, drawn once per court so courts differ as real ones do. */
interface CourtHabits {
  volume: number;
  onTime: number;
  mediation: number;
  withdrawal: number;
  appealRate: number;
  publishRate: number;
  speed: number;
}

function habits(random: Random): CourtHabits {
  return {
    volume: Math.max(0.7, random.normal(1, 0.12)),
    onTime: Math.min(0.997, random.normal(0.982, 0.006)),
    mediation: Math.max(0.1, random.normal(0.24, 0.04)),
    withdrawal: Math.max(0.1, random.normal(0.21, 0.03)),
    appealRate: Math.max(0.04, random.normal(0.11, 0.02)),
    publishRate: Math.min(0.99, random.normal(0.9, 0.04)),
    speed: Math.max(0.7, random.normal(1, 0.12)),
  };
}

function courtPrefix(court: Agency): string {
  // (2024)浙0106民初123号 for a county court, (2024)浙01民终45号 for the intermediate court.
  return court.level === "city" ? `浙${court.region.slice(2, 4)}` : `浙${court.region.slice(2, 6)}`;
}

class CaseNumbers {
  private next = new Map<string, number>();
  issue(prefix: string, year: number, kind: string): string {
    const key = `${prefix}|${year}|${kind}`;
    const n = (this.next.get(key) ?? 0) + 1;
    this.next.set(key, n);
    return `(${year})${prefix}${kind}${n}号`;
  }
}

interface Timing {
  median: number;
  statutory: number;
}

const TIMING: Record<string, Timing> = {
  民事: { median: 55, statutory: 180 },
  民事简易: { median: 35, statutory: 90 },
  刑事: { median: 40, statutory: 90 },
  行政: { median: 70, statutory: 180 },
  二审: { median: 60, statutory: 90 },
  再审: { median: 80, statutory: 180 },
  执行: { median: 95, statutory: 180 },
};

export async function generateCourtCases(context: SampleContext): Promise<void> {
  const { catalog, months, scale, plants, asOf } = context;
  const random = context.random.fork("court_cases");
  const cityCourt = catalog.agenciesOf("court", "city")[0]!;
  const countyCourts = catalog.agenciesOf("court", "county");
  const tribunals = catalog.agenciesOf("court", "township");
  const courtHabits = new Map([cityCourt, ...countyCourts].map((c) => [c.code, habits(random.fork(c.code))]));
  const numbers = new CaseNumbers();
  // Derived cases (appeals, retrials, enforcement) wait here for the file of the court and year they are filed in.
  const pending = new Map<string, SampleRow[]>();
  const later = (court: string, row: SampleRow) => {
    const key = `${court}|${(row.filed_on as string).slice(0, 4)}`;
    pending.set(key, [...(pending.get(key) ?? []), row]);
  };
  const years = [...new Set(months.map((m) => m.year))];
  const lastYear = years[years.length - 1]!;

  /** Set the closing fields from a duration, or leave the case pending when it closes after the export date. */
  const close = (row: SampleRow, court: string, timing: Timing, rnd: Random, onTime: number, speed: number): boolean => {
    const filed = row.filed_on as string;
    const decay = plants.strength("court-on-time-decay", court, filed.slice(0, 7));
    const p = onTime - 0.13 * decay;
    const within = rnd.chance(p);
    const median = (timing.median * (1 + 0.6 * decay)) / speed;
    let days = within
      ? Math.min(timing.statutory, Math.max(1, rnd.logNormal(median, 0.7)))
      : timing.statutory + rnd.logNormal(35, 0.8);
    let closed = addDays(filed, days);
    // The December push: cases due early next year get closed before the year ends.
    if (closed.slice(5, 7) <= "02" && closed.slice(0, 4) > filed.slice(0, 4) && rnd.chance(0.35)) {
      const december = `${filed.slice(0, 4)}-12-${String(rnd.int(10, 31)).padStart(2, "0")}`;
      if (december > filed) {
        closed = december;
        days = (Date.parse(closed) - Date.parse(filed)) / 86_400_000;
      }
    }
    row.statutory_days = timing.statutory;
    row.term_extended = !within && rnd.chance(0.4);
    if (closed > asOf) return false;
    row.closed_on = closed;
    row.within_term = days <= timing.statutory;
    return true;
  };

  const firstInstance = (court: Agency, handler: Agency, type: CaseType, month: Month, rnd: Random): SampleRow => {
    const h = courtHabits.get(court.code)!;
    const filed = dayInMonth(rnd, month);
    const simple = type === "民事" && rnd.chance(0.45);
    const row: SampleRow = blankCase();
    row.case_no = numbers.issue(courtPrefix(court), month.year, type === "民事" ? "民初" : type === "刑事" ? "刑初" : "行初");
    row.agency_code = handler.code;
    row.case_type = type;
    row.procedure = "一审";
    row.cause = rnd.pick(CAUSES[type]);
    row.filed_on = filed;
    row.litigant_name = fakeName(rnd);
    row.litigant_id_number = fakeIdNumber(rnd, court.region);
    if (!close(row, court.code, TIMING[simple ? "民事简易" : type]!, rnd, h.onTime, h.speed)) return row;
    row.closing_method =
      type === "刑事"
        ? rnd.weighted([["判决", 0.95], ["裁定", 0.05]] as const)
        : rnd.weighted([["判决", 1 - h.mediation - h.withdrawal - 0.06], ["调解", h.mediation], ["撤诉", h.withdrawal], ["驳回", 0.03], ["裁定", 0.03]] as const);
    row.judgment_published = row.closing_method === "判决" ? rnd.chance(h.publishRate) : null;
    row.appealed = row.closing_method === "判决" || row.closing_method === "驳回" ? rnd.chance(type === "行政" ? 0.3 : h.appealRate) : false;
    if (row.appealed && court.level === "county") appeal(row, rnd);
    if (row.closing_method === "判决" && rnd.chance(0.004) && court.level === "county") retrial(row, rnd);
    if (type === "民事" && (row.closing_method === "判决" || row.closing_method === "调解") && rnd.chance(0.35)) {
      enforcement(row, court, rnd);
    }
    return row;
  };

  /** A case that follows from another one: same parties and cause, a new number at the court that takes it. */
  const derivedCase = (original: SampleRow, court: Agency, procedure: string, kind: string, filed: string): SampleRow => {
    const row = blankCase();
    row.case_no = numbers.issue(courtPrefix(court), Number(filed.slice(0, 4)), kind);
    Object.assign(row, {
      agency_code: court.code,
      case_type: procedure === "执行" ? "执行" : original.case_type,
      procedure,
      cause: original.cause,
      origin_case_no: original.case_no,
      filed_on: filed,
      litigant_name: original.litigant_name,
      litigant_id_number: original.litigant_id_number,
    });
    return row;
  };

  const appeal = (original: SampleRow, rnd: Random) => {
    const filed = addDays(original.closed_on as string, rnd.int(20, 45));
    if (filed > asOf) return;
    const outcome = rnd.weighted([["维持", 0.71], ["改判", 0.12], ["发回重审", 0.08], ["撤诉", 0.07], ["调解", 0.02]] as const);
    const kind = original.case_type === "刑事" ? "刑终" : original.case_type === "行政" ? "行终" : "民终";
    const row = derivedCase(original, cityCourt, "二审", kind, filed);
    const h = courtHabits.get(cityCourt.code)!;
    if (close(row, cityCourt.code, TIMING["二审"]!, rnd, h.onTime, h.speed)) {
      row.closing_method = { 维持: "判决", 改判: "判决", 发回重审: "裁定", 撤诉: "撤诉", 调解: "调解" }[outcome];
      row.judgment_published = row.closing_method === "判决" ? rnd.chance(h.publishRate) : null;
      row.appealed = false;
      original.appeal_outcome = outcome;
    }
    later(cityCourt.code, row);
  };

  const retrial = (original: SampleRow, rnd: Random) => {
    const filed = addDays(original.closed_on as string, rnd.int(90, 400));
    if (filed > asOf) return;
    const row = derivedCase(original, cityCourt, "再审", "民再", filed);
    const h = courtHabits.get(cityCourt.code)!;
    if (close(row, cityCourt.code, TIMING["再审"]!, rnd, h.onTime, h.speed)) {
      row.closing_method = "判决";
      row.appealed = false;
      original.retrial_outcome = rnd.weighted([["维持", 0.6], ["改判", 0.3], ["发回重审", 0.1]] as const);
    }
    later(cityCourt.code, row);
  };

  const enforcement = (original: SampleRow, court: Agency, rnd: Random) => {
    const filed = addDays(original.closed_on as string, rnd.int(15, 120));
    if (filed > asOf) return;
    const h = courtHabits.get(court.code)!;
    const row = derivedCase(original, court, "执行", "执", filed);
    const due = Math.round(rnd.logNormal(60_000, 1.1) * 100) / 100;
    row.amount_due = due;
    if (close(row, court.code, TIMING["执行"]!, rnd, h.onTime, h.speed)) {
      const hot = plants.strength("court-enforcement-hot", court.code, (row.closed_on as string).slice(0, 7));
      const terminated = 0.33 + 0.35 * hot;
      const method = rnd.weighted([["执行完毕", 0.9 - terminated], ["终结本次执行", terminated], ["和解", 0.1]] as const);
      row.closing_method = method;
      const share = method === "执行完毕" ? 1 : method === "和解" ? 0.5 + rnd.next() * 0.4 : rnd.next() * (0.3 - 0.22 * hot);
      row.amount_recovered = Math.round(due * share * 100) / 100;
      row.appealed = false;
    }
    later(court.code, row);
  };

  let badPlanted = false;
  for (const year of years) {
    const yearMonths = months.filter((m) => m.year === year);
    for (const court of [...countyCourts, cityCourt]) {
      const rnd = random.fork(`${court.code}|${year}`);
      const h = courtHabits.get(court.code)!;
      const population = catalog.region(court.region).population;
      // The intermediate court's own first-instance cases are the big ones: a small share of the city's.
      const share = court.level === "city" ? 0.03 : 1;
      const own = tribunals.filter((t) => t.parent === court.code);
      const rows: SampleRow[] = [];
      for (const month of yearMonths) {
        for (const type of Object.keys(FIRST_INSTANCE_PER_10K) as CaseType[]) {
          const mean = (FIRST_INSTANCE_PER_10K[type] * (population / 10_000) * share * h.volume * filingSeason(month) * scale) / 12;
          const n = rnd.poisson(mean);
          for (let i = 0; i < n; i++) {
            const handler = type === "民事" && own.length > 0 && rnd.chance(0.3) ? rnd.pick(own) : court;
            rows.push(firstInstance(court, handler, type, month, rnd));
          }
        }
      }
      const key = `${court.code}|${year}`;
      rows.push(...(pending.get(key) ?? []));
      pending.delete(key);
      const style = exportStyle(court, countyCourts.indexOf(court));
      // One file of the sample carries the bad rows every ingest must quarantine.
      const bad = !badPlanted && court.level === "county" && rows.length > 20 ? badCourtRows(rows, rnd) : undefined;
      const notes: string[] = [];
      if (bad) {
        badPlanted = true;
        // Formula-like text is data, not a command: it must land verbatim.
        rows[1]!.cause = FORMULA_LIKE_TEXT;
        notes.push(`line 3 has cause ${JSON.stringify(FORMULA_LIKE_TEXT)}: must land as text`);
      }
      await context.emit({ contract: courtCases, path: `court_cases/${court.code}_${year}.${style.format}`, style, rows, bad, notes });
      if (year === lastYear) {
        // Half-way through the last year the court also sent an interim export; the year-end one supersedes it.
        const midYear = monthEnd(`${year}-06`);
        if (midYear < asOf) {
          const interim = rows.filter((r) => (r.filed_on as string) <= midYear).map((r) => asOfDate(r, midYear));
          await context.emit({ contract: courtCases, path: `court_cases/${court.code}_${year}-H1.${style.format}`, style, rows: interim });
        }
      }
    }
  }
}

export const FORMULA_LIKE_TEXT = "=cmd|' /C calc'!A0";

function blankCase(): SampleRow {
  return Object.fromEntries(Object.keys(courtCases.columns).map((c) => [c, null]));
}

/** A case as an export on an earlier date showed it: later closures not yet known. */
function asOfDate(row: SampleRow, date: string): SampleRow {
  if (row.closed_on !== null && (row.closed_on as string) <= date) {
    const appealKnown = addDays(row.closed_on as string, 120) <= date;
    return appealKnown ? row : { ...row, appeal_outcome: null, retrial_outcome: null };
  }
  return { ...row, closed_on: null, closing_method: null, within_term: null, appealed: null, appeal_outcome: null, retrial_outcome: null, judgment_published: null, amount_recovered: null };
}

function exportStyle(court: Agency, countyIndex: number): ExportStyle {
  if (court.level === "city") return { format: "csv", encoding: "utf-8", headers: "en", dates: "iso", booleans: "YN" };
  return countyIndex % 2 === 0
    ? { format: "csv", encoding: "gbk", headers: "zh", dates: "slash", booleans: "是否", thousands: true }
    : { format: "csv", encoding: "utf-8-bom", headers: "zh", dates: "chinese", booleans: "是否" };
}

/** The bad-input kinds of the issue, as a court's export might contain them. */
function badCourtRows(rows: SampleRow[], rnd: Random): BadRow[] {
  const model = rows[Math.floor(rows.length / 2)]!;
  const next = (suffix: string) => ({ ...model, case_no: `${model.case_no as string}-${suffix}` });
  return [
    { kind: "wrong column count", row: { raw: ["(2099)浙0000民初1号", "FY330106", "民事"] } },
    { kind: "unknown agency code", row: { ...next("x1"), agency_code: "FY999999" } },
    { kind: "impossible date", row: { ...next("x2"), filed_on: "2023-02-30" } },
    { kind: "duplicate key", row: { ...rows[rnd.int(0, Math.min(10, rows.length - 1))]! } },
  ];
}
