// Law-related petitions (with the personal data that must stay in staging), third-party
// transparency scores and internet discussion — where the planted hot topics show up.
import { internetDiscussions, petitions, transparencyScores } from "../contracts/society.ts";
import { addDays, dayInMonth } from "./calendar.ts";
import type { Agency, AgencyType } from "./catalog.ts";
import type { BadRow, SampleContext } from "./context.ts";
import { fakeIdNumber, fakeName, fakePhone } from "./people.ts";
import type { Random } from "./random.ts";
import type { SampleRow } from "./writers.ts";

const ISSUES: Record<AgencyType, readonly (readonly [string, number])[]> = {
  court: [["执行难", 0.35], ["审判不公", 0.35], ["其他", 0.3]],
  procuratorate: [["久押不决", 0.3], ["不立案", 0.3], ["其他", 0.4]],
  public_security: [["不立案", 0.3], ["执法不规范", 0.3], ["民警作风", 0.15], ["其他", 0.25]],
  justice: [["调解纠纷", 0.5], ["法律援助", 0.3], ["其他", 0.2]],
};

/** The planted hot topics: which problem, which agency type, which topic. */
const HOT = [
  { id: "police-complaints-spike", topic: "民警作风" },
  { id: "court-enforcement-hot", topic: "执行难" },
] as const;

function countyAgency(context: SampleContext, type: AgencyType, county: string, rnd: Random): Agency {
  const local = context.catalog.agencies.filter((a) => a.type === type && a.level === "county" && a.region === county);
  const city = context.catalog.agenciesOf(type, "city");
  return rnd.chance(0.12) || local.length === 0 ? rnd.pick(city) : rnd.pick(local);
}

export async function generatePetitions(context: SampleContext): Promise<void> {
  const { catalog, months, scale, plants, asOf } = context;
  const random = context.random.fork("petitions");
  const counties = catalog.regions.filter((r) => r.level === "county");
  const hotPlants = HOT.map((h) => ({ ...h, problem: plants.problems.find((p) => p.id === h.id)! }));
  let serial = 0;
  let badPlanted = false;
  for (const year of [...new Set(months.map((m) => m.year))]) {
    const rnd = random.fork(String(year));
    const rows: SampleRow[] = [];
    const add = (county: string, target: Agency, issue: string, received: string) => {
      serial++;
      const township = catalog.townships(county);
      const region = township.length > 0 && rnd.chance(0.7) ? rnd.pick(township).code : county;
      const name = fakeName(rnd);
      const resolved = addDays(received, rnd.int(10, 90));
      const settled = resolved <= asOf && rnd.chance(0.86);
      rows.push({
        petition_no: `XF${received.replace(/-/g, "")}${String(serial).padStart(6, "0")}`,
        received_on: received,
        region_code: region,
        target_agency_code: target.code,
        issue_type: issue,
        channel: rnd.weighted([["网上", 0.55], ["来访", 0.3], ["来信", 0.15]] as const),
        is_repeat: rnd.chance(0.15),
        is_resolved: settled,
        resolved_on: settled ? resolved : null,
        petitioner_name: name,
        id_number: fakeIdNumber(rnd, county),
        phone: fakePhone(rnd),
        // Petitioners write their own names and numbers into the request: staging must not pass it on.
        request: `本人${name}，联系电话${fakePhone(rnd)}，反映${target.name}${issue}问题，请求依法处理。`,
      });
    };
    for (const m of months.filter((month) => month.year === year)) {
      for (const county of counties) {
        const n = rnd.poisson(0.15 * (county.population / 10_000) * scale);
        for (let i = 0; i < n; i++) {
          const type = rnd.weighted([["court", 0.4], ["public_security", 0.3], ["procuratorate", 0.1], ["justice", 0.2]] as const);
          add(county.code, countyAgency(context, type, county.code, rnd), rnd.weighted(ISSUES[type]), dayInMonth(rnd, m));
        }
      }
      for (const hot of hotPlants) {
        const agency = catalog.agencies.find((a) => a.code === hot.problem.agency_code)!;
        const strength = plants.strength(hot.id, agency.code, m.key);
        const extra = rnd.poisson(strength * 0.12 * (catalog.region(agency.region).population / 10_000) * scale);
        for (let i = 0; i < extra; i++) add(agency.region, agency, hot.topic, dayInMonth(rnd, m));
      }
    }
    const bad: BadRow[] | undefined =
      badPlanted || rows.length < 10
        ? undefined
        : [
          { kind: "impossible date", row: { ...rows[5]!, petition_no: "XF-BAD-1", received_on: "2023-13-01" } },
          { kind: "required value blank", row: { ...rows[6]!, petition_no: "XF-BAD-2", received_on: null } },
          { kind: "unknown region code", row: { ...rows[7]!, petition_no: "XF-BAD-3", region_code: "339999" } },
        ];
    badPlanted ||= bad !== undefined;
    await context.emit({
      contract: petitions,
      path: `petitions/${year}.csv`,
      style: { format: "csv", encoding: "utf-8", headers: "zh", dates: "chinese", booleans: "是否" },
      rows,
      bad,
    });
  }
}

const PLATFORMS = ["微博", "微信", "抖音", "今日头条", "论坛", "新闻网站"] as const;
const TOPICS = ["执行难", "审判不公", "久押不决", "不立案", "执法不规范", "民警作风", "调解纠纷", "电信诈骗", "扫黑除恶", "司法公开"] as const;

export async function generateInternetDiscussions(context: SampleContext): Promise<void> {
  const { catalog, months, scale, plants } = context;
  const random = context.random.fork("internet_discussions");
  const agencies = catalog.agencies.filter((a) => a.level !== "township");
  const hotPlants = HOT.map((h) => ({ ...h, problem: plants.problems.find((p) => p.id === h.id)! }));
  let serial = 0;
  for (const year of [...new Set(months.map((m) => m.year))]) {
    const rnd = random.fork(String(year));
    const rows: SampleRow[] = [];
    const add = (posted: string, topic: string, agency: Agency | null, sentiment: string, heat: number) => {
      serial++;
      rows.push({
        post_id: `${rnd.pick(["WB", "WX", "DY", "TT", "LT", "XW"])}-${posted.replace(/-/g, "")}-${String(serial).padStart(6, "0")}`,
        posted_on: posted,
        platform: rnd.pick(PLATFORMS),
        topic,
        agency_code: agency?.code ?? null,
        region_code: agency ? agency.region : null,
        heat: Math.round(heat),
        sentiment,
        reposts: Math.round(heat * rnd.next() * 0.05),
      });
    };
    for (const m of months.filter((month) => month.year === year)) {
      for (let i = rnd.poisson(150 * scale); i > 0; i--) {
        const agency = rnd.chance(0.7) ? rnd.pick(agencies) : null;
        add(
          dayInMonth(rnd, m),
          rnd.pick(TOPICS),
          agency,
          rnd.weighted([["负面", 0.35], ["中性", 0.45], ["正面", 0.2]] as const),
          rnd.logNormal(1500, 1.3),
        );
      }
      for (const hot of hotPlants) {
        const agency = catalog.agencies.find((a) => a.code === hot.problem.agency_code)!;
        const strength = plants.strength(hot.id, agency.code, m.key);
        for (let i = rnd.poisson(18 * strength * Math.sqrt(scale)); i > 0; i--) {
          add(dayInMonth(rnd, m), hot.topic, agency, rnd.chance(0.85) ? "负面" : "中性", rnd.logNormal(12_000, 1));
        }
      }
    }
    await context.emit({
      contract: internetDiscussions,
      path: `internet_discussions/${year}.ndjson`,
      style: { format: "ndjson", headers: "en", dates: "iso", booleans: "是否" },
      rows,
    });
  }
}

const TRANSPARENCY_DIMENSIONS: Record<AgencyType, string[]> = {
  court: ["审务公开", "审判流程公开", "裁判文书公开", "执行信息公开"],
  procuratorate: ["检务公开"],
  public_security: ["警务公开"],
  justice: ["政务公开"],
};

export async function generateTransparencyScores(context: SampleContext): Promise<void> {
  const { catalog, months } = context;
  const random = context.random.fork("transparency_scores");
  const agencies = catalog.agencies.filter((a) => a.level !== "township");
  const years = [...new Set(months.map((m) => m.year))].filter((y) => months.some((m) => m.year === y && m.month === 12));
  for (const year of years) {
    const rnd = random.fork(String(year));
    const rows: SampleRow[] = [];
    for (const agency of agencies) {
      const base = random.fork(agency.code).normal(76, 6);
      const scores = TRANSPARENCY_DIMENSIONS[agency.type].map((dimension) => {
        const score = Math.min(100, Math.max(30, rnd.normal(base + (year - years[0]!) * 1.2, 5)));
        return { dimension, score: Math.round(score * 10) / 10 };
      });
      const total = Math.round((scores.reduce((sum, s) => sum + s.score, 0) / scores.length) * 10) / 10;
      for (const { dimension, score } of [...scores, { dimension: "总分", score: total }]) {
        rows.push({ agency_code: agency.code, year, dimension, score, evaluator: "第三方评估机构" });
      }
    }
    await context.emit({
      contract: transparencyScores,
      path: `transparency_scores/${year}.xlsx`,
      style: { format: "xlsx", headers: "zh", dates: "iso", booleans: "是否" },
      rows,
    });
  }
}
