// The congress side: deputies' motions, annual reviews, supervision activities and the opinions
// they produce; procuratorial suggestions; and agencies' feedback on the planted warnings.
import { agencyFeedback, congressReviews, deliberationOpinions, deputyMotions, procuratorialSuggestions, supervisionActivities } from "../contracts/congress.ts";
import { addDays, dayInMonth } from "./calendar.ts";
import type { SampleContext } from "./context.ts";
import { fakeName } from "./people.ts";
import type { SampleRow } from "./writers.ts";

const yearsOf = (context: SampleContext) => [...new Set(context.months.map((m) => m.year))];
const monthsOf = (context: SampleContext, year: number) => context.months.filter((m) => m.year === year);

const MOTION_TOPICS = ["关于加强涉企执行工作的建议", "关于推进诉源治理的建议", "关于加强未成年人司法保护的建议", "关于提升基层派出所执法规范化水平的建议", "关于完善人民调解工作机制的建议", "关于加强电信网络诈骗防范的建议", "关于优化法律援助服务的建议", "关于加强社区矫正工作的建议"];

export async function generateDeputyMotions(context: SampleContext): Promise<void> {
  const { catalog, asOf } = context;
  const random = context.random.fork("deputy_motions");
  const agencies = catalog.agencies.filter((a) => a.level !== "township");
  const groups = catalog.regions.filter((r) => r.level === "county").map((r) => `${r.name}代表团`);
  for (const year of yearsOf(context)) {
    const rnd = random.fork(String(year));
    const rows: SampleRow[] = [];
    let n = 0;
    for (const m of monthsOf(context, year)) {
      // Most motions come with the annual session in the first quarter; opinions trickle in all year.
      const count = rnd.poisson(m.month <= 2 ? 60 : 8);
      for (let i = 0; i < count; i++) {
        n++;
        const submitted = dayInMonth(rnd, m);
        const kind = m.month <= 2 ? rnd.weighted([["建议", 0.85], ["议案", 0.15]] as const) : "意见";
        const due = addDays(submitted, 90);
        const replied = addDays(submitted, rnd.chance(0.93) ? rnd.int(20, 88) : rnd.int(91, 150));
        const answered = replied <= asOf;
        rows.push({
          motion_no: `${year}-${kind === "议案" ? "议" : kind === "建议" ? "建" : "意"}-${String(n).padStart(4, "0")}`,
          kind,
          deputy_name: fakeName(rnd),
          deputy_group: rnd.pick(groups),
          submitted_on: submitted,
          topic: rnd.pick(MOTION_TOPICS),
          assigned_agency_code: rnd.pick(agencies).code,
          status: answered ? (addDays(replied, 30) <= asOf ? "已办结" : "已答复") : addDays(submitted, 7) <= asOf ? "办理中" : "已交办",
          due_on: due,
          replied_on: answered ? replied : null,
          satisfaction: answered ? rnd.weighted([["满意", 0.8], ["基本满意", 0.17], ["不满意", 0.03]] as const) : null,
        });
      }
    }
    await context.emit({
      contract: deputyMotions,
      path: `deputy_motions/${year}.xlsx`,
      style: { format: "xlsx", headers: "zh", dates: "iso", booleans: "是否" },
      rows,
    });
  }
}

export async function generateCongressReviews(context: SampleContext): Promise<void> {
  const random = context.random.fork("congress_reviews");
  const agencies = context.catalog.agencies.filter((a) => a.level !== "township");
  const rows: SampleRow[] = [];
  for (const year of yearsOf(context).filter((y) => context.months.some((m) => m.year === y && m.month === 12))) {
    const rnd = random.fork(String(year));
    const reviewed = [...agencies].sort(() => rnd.next() - 0.5).slice(0, 6);
    for (const agency of reviewed) {
      const raised = rnd.int(5, 20);
      const score = Math.min(99, rnd.normal(90, 4));
      rows.push({
        review_year: year,
        agency_code: agency.code,
        satisfaction_score: Math.round(score * 10) / 10,
        opinions_raised: raised,
        opinions_resolved: rnd.binomial(raised, 0.85),
        conclusion: score >= 85 ? "满意" : score >= 70 ? "基本满意" : "不满意",
      });
    }
  }
  await context.emit({
    contract: congressReviews,
    path: "congress_reviews/reviews.csv",
    style: { format: "csv", encoding: "utf-8-bom", headers: "zh", dates: "iso", booleans: "是否" },
    rows,
  });
}

const SUGGESTION_TOPICS = {
  社会治理: ["校园周边安全", "出租房屋管理", "网络平台监管", "养老机构安全"],
  公益诉讼诉前: ["河道污染整治", "食品安全监管", "耕地保护", "文物保护", "无障碍设施建设"],
  诉讼监督: ["执法活动不规范", "案件移送不及时", "审判程序违法"],
  其他: ["其他"],
} as const;

export async function generateProcuratorialSuggestions(context: SampleContext): Promise<void> {
  const { catalog, asOf } = context;
  const random = context.random.fork("procuratorial_suggestions");
  const procuratorates = [...catalog.agenciesOf("procuratorate", "city"), ...catalog.agenciesOf("procuratorate", "county")];
  const police = catalog.agenciesOf("public_security", "county");
  for (const year of yearsOf(context)) {
    const rnd = random.fork(String(year));
    const rows: SampleRow[] = [];
    for (const agency of procuratorates) {
      let n = 0;
      for (const m of monthsOf(context, year)) {
        for (let i = rnd.poisson(2.2); i > 0; i--) {
          n++;
          const issued = dayInMonth(rnd, m);
          const type = rnd.weighted([["社会治理", 0.35], ["公益诉讼诉前", 0.4], ["诉讼监督", 0.2], ["其他", 0.05]] as const);
          const target = type === "诉讼监督" ? (police.find((p) => p.region === agency.region) ?? rnd.pick(police)) : null;
          const replied = addDays(issued, rnd.int(20, 75));
          const answered = replied <= asOf;
          const rectifyBy = addDays(issued, 60);
          const rectified = addDays(issued, rnd.int(20, 120));
          rows.push({
            suggestion_no: `${agency.region}检建〔${year}〕${n}号`,
            agency_code: agency.code,
            issued_on: issued,
            suggestion_type: type,
            target_org: target ? target.name : rnd.pick(["某街道办事处", "某区市场监督管理局", "某区生态环境分局", "某镇人民政府", "某区教育局"]),
            target_agency_code: target?.code ?? null,
            topic: rnd.pick(SUGGESTION_TOPICS[type]),
            replied_on: answered ? replied : null,
            adopted: answered ? rnd.chance(0.97) : null,
            rectify_by: rectifyBy,
            rectified_on: answered && rectified <= asOf && rnd.chance(0.9) ? rectified : null,
          });
        }
      }
    }
    await context.emit({
      contract: procuratorialSuggestions,
      path: `procuratorial_suggestions/${year}.csv`,
      style: { format: "csv", encoding: "utf-8", headers: "zh", dates: "iso", booleans: "是否" },
      rows,
    });
  }
}

const ACTIVITY_TOPICS = ["执行难问题", "基层派出所执法规范化", "未成年人司法保护", "诉源治理", "公益诉讼检察工作", "人民调解工作", "电信网络诈骗治理", "社区矫正工作"];
const METHODS = [["听取审议专项工作报告", 0.3], ["执法检查", 0.15], ["调研", 0.25], ["视察", 0.15], ["询问", 0.08], ["专题询问", 0.06], ["质询", 0.005], ["特定问题调查", 0.005]] as const;

export async function generateSupervision(context: SampleContext): Promise<void> {
  const { catalog, asOf } = context;
  const random = context.random.fork("supervision_activities");
  const cityBodies = catalog.bodies.filter((b) => b.level === "city" && (b.kind === "standing_committee" || b.kind === "special_committee"));
  const countyBodies = catalog.bodies.filter((b) => b.level === "county" && b.kind === "standing_committee");
  const agencies = catalog.agencies.filter((a) => a.level !== "township");
  const activities: SampleRow[] = [];
  const opinions: SampleRow[] = [];
  for (const year of yearsOf(context)) {
    const rnd = random.fork(String(year));
    let n = 0;
    for (const m of monthsOf(context, year)) {
      for (let i = rnd.poisson(1.3); i > 0; i--) {
        n++;
        const body = rnd.chance(0.6) ? rnd.pick(cityBodies) : rnd.pick(countyBodies);
        const local = agencies.filter((a) => a.region === body.region);
        const agency = rnd.pick(local.length > 0 ? local : agencies);
        const method = rnd.weighted(METHODS);
        const held = dayInMonth(rnd, m);
        const id = `${body.code}-${year}-${String(n).padStart(3, "0")}`;
        activities.push({
          activity_id: id,
          held_on: held,
          body_code: body.code,
          method,
          topic: rnd.pick(ACTIVITY_TOPICS),
          agency_code: agency.code,
          participants: rnd.int(12, 60),
          summary: `${method}：${agency.name}`,
        });
        if (method === "听取审议专项工作报告") {
          const issued = addDays(held, rnd.int(10, 30));
          if (issued > asOf) continue;
          const deadline = addDays(issued, 90);
          const reported = addDays(issued, rnd.chance(0.85) ? rnd.int(40, 88) : rnd.int(95, 160));
          const hasReported = reported <= asOf;
          const closed = addDays(reported, rnd.int(20, 60));
          opinions.push({
            opinion_no: `${body.code}审〔${year}〕${n}号`,
            issued_on: issued,
            body_code: body.code,
            agency_code: agency.code,
            topic: `关于${agency.name}专项工作报告的审议意见`,
            deadline,
            status: !hasReported ? "办理中" : closed <= asOf ? "已办结" : "已报告",
            reported_on: hasReported ? reported : null,
            closed_on: hasReported && closed <= asOf ? closed : null,
          });
        }
      }
    }
  }
  await context.emit({
    contract: supervisionActivities,
    path: "supervision_activities/activities.csv",
    style: { format: "csv", encoding: "utf-8", headers: "zh", dates: "slash", booleans: "是否" },
    rows: activities,
  });
  await context.emit({
    contract: deliberationOpinions,
    path: "deliberation_opinions/opinions.csv",
    style: { format: "csv", encoding: "gbk", headers: "zh", dates: "chinese", booleans: "是否" },
    rows: opinions,
  });
}

/** Agencies answer the warnings the planted problems should raise (ids follow scoring's W-<agency>-<indicator>-<month>). */
export async function generateAgencyFeedback(context: SampleContext): Promise<void> {
  const random = context.random.fork("agency_feedback");
  const rows: SampleRow[] = context.plants.problems.slice(0, 3).map((problem, i) => {
    const submitted = addDays(`${problem.full_by}-01`, random.int(35, 50));
    return {
      feedback_id: `FB-${problem.full_by.slice(0, 4)}-${String(i + 1).padStart(4, "0")}`,
      warning_id: `W-${problem.agency_code}-${problem.indicator_codes[0]}-${problem.full_by}`,
      agency_code: problem.agency_code,
      submitted_on: submitted <= context.asOf ? submitted : context.asOf,
      explanation: `${problem.indicator_names[0]}变化主要受案件结构和人员变动影响，已成立专班分析原因。`,
      measures: "成立专班逐项整改，每月向人大常委会通报进展。",
      expected_fix_by: addDays(submitted, 90),
    };
  });
  await context.emit({
    contract: agencyFeedback,
    path: "agency_feedback/feedback.csv",
    style: { format: "csv", encoding: "utf-8", headers: "zh", dates: "iso", booleans: "是否" },
    rows,
  });
}
