// Monthly statistical reports of public-security and justice bureaus, the agencies' own
// assessment scores, and their work news.
import { evaluationScores, justiceMonthlyReports, policeMonthlyReports, workDynamics } from "../contracts/agency-reports.ts";
import { dayInMonth, filingSeason } from "./calendar.ts";
import type { BadRow, SampleContext } from "./context.ts";
import type { SampleRow } from "./writers.ts";

const round = (value: number) => Math.max(0, Math.round(value));

export async function generatePoliceReports(context: SampleContext): Promise<void> {
  const { catalog, months, scale, plants } = context;
  const random = context.random.fork("police_monthly_reports");
  const bureaus = [...catalog.agenciesOf("public_security", "city"), ...catalog.agenciesOf("public_security", "county")];
  let badPlanted = false;
  for (const bureau of bureaus) {
    const h = random.fork(bureau.code);
    const solve = Math.min(0.75, Math.max(0.48, h.normal(0.56, 0.04)));
    const complaintRate = Math.max(0.03, h.normal(0.08, 0.015));
    const pop = (catalog.region(bureau.region).population / 10_000) * (bureau.level === "city" ? 0.08 : 1) * scale;
    for (const year of [...new Set(months.map((m) => m.year))]) {
      const rnd = random.fork(`${bureau.code}|${year}`);
      const rows: SampleRow[] = months
        .filter((m) => m.year === year)
        .map((m) => {
          const season = filingSeason(m);
          const filed = rnd.poisson(3.4 * pop * season);
          const violent = rnd.poisson(0.05 * pop);
          const reviews = rnd.binomial(filed, 0.3);
          const reconsiderations = rnd.poisson(0.15 * pop);
          const lawsuits = rnd.poisson(0.05 * pop);
          const solved = rnd.binomial(filed, solve);
          const transferred = rnd.binomial(solved, 0.35);
          const calls = rnd.poisson(60 * pop * season);
          const spike = plants.strength("police-complaints-spike", bureau.code, m.key);
          const quarterEnd = m.month % 3 === 0;
          const respondents = quarterEnd ? rnd.int(400, 800) : null;
          return {
            agency_code: bureau.code,
            month: m.key,
            criminal_cases_filed: filed,
            criminal_cases_solved: solved,
            serious_violent_filed: violent,
            serious_violent_solved: rnd.binomial(violent, 0.99),
            telecom_fraud_cases: rnd.poisson(0.9 * pop),
            enforcement_reviews: reviews,
            enforcement_reviews_passed: rnd.binomial(reviews, 0.972),
            reconsiderations,
            reconsiderations_corrected: rnd.binomial(reconsiderations, 0.06),
            admin_lawsuits: lawsuits,
            admin_lawsuits_lost: rnd.binomial(lawsuits, 0.035),
            cases_transferred: transferred,
            cases_returned: rnd.binomial(transferred, 0.06),
            calls_110: calls,
            calls_110_timely: rnd.binomial(calls, 0.995),
            complaints: rnd.poisson(complaintRate * pop * (1 + 2.8 * spike)),
            survey_respondents: respondents,
            survey_satisfied: respondents === null ? null : rnd.binomial(respondents, 0.978),
          };
        });
      const bad: BadRow[] | undefined =
        badPlanted || rows.length < 2
          ? undefined
          : [{ kind: "negative count", row: { ...rows[0]!, month: "2099-01", complaints: -3 } }];
      badPlanted ||= bad !== undefined;
      await context.emit({
        contract: policeMonthlyReports,
        path: `police_monthly_reports/${bureau.code}_${year}.xlsx`,
        style: { format: "xlsx", headers: "zh", dates: "iso", booleans: "是否" },
        rows,
        bad,
      });
    }
  }
}

export async function generateJusticeReports(context: SampleContext): Promise<void> {
  const { catalog, months, scale, plants } = context;
  const random = context.random.fork("justice_monthly_reports");
  const bureaus = [...catalog.agenciesOf("justice", "city"), ...catalog.agenciesOf("justice", "county")];
  const habits = new Map(bureaus.map((b) => [b.code, random.fork(b.code)]));
  const success = new Map(bureaus.map((b) => [b.code, Math.min(0.99, habits.get(b.code)!.normal(0.96, 0.01))]));
  for (const year of [...new Set(months.map((m) => m.year))]) {
    const rnd = random.fork(String(year));
    const rows: SampleRow[] = [];
    for (const m of months.filter((month) => month.year === year)) {
      for (const bureau of bureaus) {
        const pop = (catalog.region(bureau.region).population / 10_000) * (bureau.level === "city" ? 0.1 : 1) * scale;
        const mediations = rnd.poisson(5 * pop * filingSeason(m));
        const decline = plants.strength("justice-mediation-decline", bureau.code, m.key);
        const aid = rnd.poisson(0.8 * pop);
        const surveyed = rnd.binomial(aid, 0.7);
        const corrections = round(3 * pop * (0.95 + 0.1 * rnd.next()));
        const released = rnd.poisson(0.25 * pop);
        const reconsiderations = rnd.poisson(0.2 * pop);
        const complaints = rnd.poisson(0.05 * pop);
        rows.push({
          agency_code: bureau.code,
          month: m.key,
          mediations,
          mediations_succeeded: rnd.binomial(mediations, success.get(bureau.code)! - 0.17 * decline),
          legal_aid_cases: aid,
          legal_aid_surveyed: surveyed,
          legal_aid_satisfied: rnd.binomial(surveyed, 0.98),
          corrections_population: corrections,
          corrections_reoffended: rnd.poisson(corrections * 0.00012),
          corrections_absconded: rnd.poisson(corrections * 0.0002),
          released_prisoners: released,
          released_prisoners_assisted: rnd.binomial(released, 0.985),
          reconsiderations,
          reconsiderations_corrected: rnd.binomial(reconsiderations, 0.12),
          service_complaints: complaints,
          service_complaints_closed: rnd.binomial(complaints, 0.985),
        });
      }
    }
    await context.emit({
      contract: justiceMonthlyReports,
      path: `justice_monthly_reports/${year}.csv`,
      style: { format: "csv", encoding: "gbk", headers: "zh", dates: "iso", booleans: "是否" },
      rows,
    });
  }
}

/** Rates the agencies' own systems report, a little rosier than the records show. */
export async function generateEvaluationScores(context: SampleContext): Promise<void> {
  const { catalog, months } = context;
  const random = context.random.fork("evaluation_scores");
  const courts = [...catalog.agenciesOf("court", "city"), ...catalog.agenciesOf("court", "county")];
  const rates = catalog.indicators.filter((i) => i.agencyType === "court" && i.unit === "rate").slice(0, 4);
  for (const year of [...new Set(months.map((m) => m.year))]) {
    const rnd = random.fork(String(year));
    const rows: SampleRow[] = [];
    for (const m of months.filter((month) => month.year === year)) {
      for (const court of courts) {
        for (const indicator of rates) {
          const denominator = rnd.int(200, 3000);
          const numerator = rnd.binomial(denominator, Math.min(0.999, rnd.normal(0.93, 0.03)));
          rows.push({
            agency_code: court.code,
            period: m.key,
            indicator_code: indicator.code,
            value: Math.round((numerator / denominator) * 10_000) / 10_000,
            numerator,
            denominator,
          });
        }
      }
    }
    await context.emit({
      contract: evaluationScores,
      path: `evaluation_scores/${year}.arrow`,
      style: { format: "arrow", headers: "en", dates: "iso", booleans: "是否" },
      rows,
    });
  }
}

const NEWS = {
  court: ["召开执行攻坚推进会", "发布年度审判白皮书", "开展诉源治理专项行动", "举办法院开放日活动", "通报一批典型案例"],
  procuratorate: ["开展公益诉讼专项监督", "召开检察听证会", "发布未成年人检察白皮书", "推进认罪认罚从宽制度", "开展控告申诉专项清理"],
  public_security: ["开展夏季治安打击整治行动", "破获系列电信网络诈骗案件", "推进执法规范化建设", "开展警营开放日活动", "部署反诈宣传进社区"],
  justice: ["开展法律援助惠民生活动", "推进人民调解组织建设", "举办普法宣传周活动", "开展社区矫正集中教育", "推进公共法律服务体系建设"],
} as const;
const NEWS_CATEGORIES = ["工作部署", "专项行动", "典型案例", "队伍建设", "其他"] as const;

export async function generateWorkDynamics(context: SampleContext): Promise<void> {
  const { catalog, months } = context;
  const random = context.random.fork("work_dynamics");
  const agencies = catalog.agencies.filter((a) => a.level !== "township");
  for (const year of [...new Set(months.map((m) => m.year))]) {
    const rnd = random.fork(String(year));
    const seen = new Set<string>();
    const rows: SampleRow[] = [];
    for (const agency of agencies) {
      for (const m of months.filter((month) => month.year === year)) {
        for (let i = rnd.poisson(0.7); i > 0; i--) {
          const published = dayInMonth(rnd, m);
          const title = `${agency.name}${rnd.pick(NEWS[agency.type])}`;
          if (seen.has(`${agency.code}|${published}|${title}`)) continue;
          seen.add(`${agency.code}|${published}|${title}`);
          rows.push({
            agency_code: agency.code,
            published_on: published,
            title,
            category: rnd.pick(NEWS_CATEGORIES),
            body: `${published.slice(0, 4)}年${Number(published.slice(5, 7))}月，${title}。`,
          });
        }
      }
    }
    await context.emit({
      contract: workDynamics,
      path: `work_dynamics/${year}.ndjson`,
      style: { format: "ndjson", headers: "en", dates: "iso", booleans: "是否" },
      rows,
    });
  }
}

