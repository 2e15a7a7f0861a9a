// Supervision recommendations along the supervision-law ladder: colour picks the candidates, the
// collision of problem tags and persistence pick the method, the agency's level picks the body.
//   yellow only                        → 调研 research visit (few) or 听取审议专项工作报告 report hearing (many)
//   focus issue (two or three tags)    → 专题询问 special inquiry
//   persistent red (last 3 quarters)   → 质询 interpellation; with a three-tag focus issue → 特定问题调查
//   same topic in the city and 2+ districts → 上下联动 joint city–district 执法检查
import type pg from "pg";
import { executeOn, type Warehouse } from "../warehouse/connection.ts";
import type { ScoringConfig } from "./config.ts";

export const LADDER = {
  调研: 1,
  听取审议专项工作报告: 2,
  执法检查: 3,
  专题询问: 4,
  质询: 5,
  特定问题调查: 6,
} as const;
type Method = keyof typeof LADDER;

interface Recommendation {
  method: Method;
  /** Distinguishes two recommendations of one method for one agency (the indicator of a 质询). */
  idSuffix?: string;
  agencyCode: string | null;
  agencyType: string;
  topic: string | null;
  bodies: string[];
  reasons: string;
  evidence: unknown;
}

interface AgencyInfo {
  agency_code: string;
  name: string;
  agency_type: string;
  level: string;
  region_code: string;
}

/** The standing committee that supervises an agency: the city's for city agencies, the district's for county ones. */
function bodyFor(agency: AgencyInfo, bodies: Set<string>): string {
  const county = `${agency.region_code}-SC`;
  return agency.level === "county" && bodies.has(county) ? county : "HZ-SC";
}

export async function writeRecommendations(
  warehouse: Warehouse,
  client: pg.PoolClient,
  config: ScoringConfig,
  asOfMonth: string,
): Promise<number> {
  const agencies = new Map(
    (await client.query<AgencyInfo>("select agency_code, name, agency_type, level, region_code from staging.stg_ref_agencies")).rows.map((a) => [a.agency_code, a]),
  );
  const bodies = new Set((await client.query<{ body_code: string }>("select body_code from staging.stg_ref_supervision_bodies")).rows.map((b) => b.body_code));
  const tags = (
    await client.query<{ agency_code: string; topic: string; tags: string[]; tag_count: number }>(
      "select agency_code, topic, tags, tag_count from marts.problem_tags",
    )
  ).rows;
  // Red in each of the last three quarters: the same problem, not answered by a hearing.
  const persistentRed = (
    await client.query<{ agency_code: string; indicator_code: string; indicator_name: string; topic: string }>(
      `select c.agency_code, c.indicator_code, min(v.indicator_name) as indicator_name, min(t.topic) as topic
         from scoring.indicator_colours c
         join marts.indicator_values v using (agency_code, indicator_code, grain, period_start)
         join intermediate.int_indicator_topics t on t.indicator_code = c.indicator_code
        where c.grain = 'quarter' and c.period_start > date_trunc('quarter', $1::date) - interval '9 months'
        group by 1, 2
       having count(*) filter (where c.colour = 'red') >= 3`,
      [asOfMonth],
    )
  ).rows;
  const warnings = (
    await client.query<{ agency_code: string; indicator_code: string; colour: string }>(
      "select agency_code, indicator_code, colour from scoring.warnings where grain = 'month' and period_start = $1",
      [asOfMonth],
    )
  ).rows;

  const out: Recommendation[] = [];
  const covered = new Set<string>();

  // Joint city–district supervision: one topic tagged for the same agency type in 3+ places.
  const byTypeTopic = new Map<string, typeof tags>();
  for (const t of tags) {
    const agency = agencies.get(t.agency_code);
    if (!agency) continue;
    const key = `${agency.agency_type}|${t.topic}`;
    byTypeTopic.set(key, [...(byTypeTopic.get(key) ?? []), t]);
  }
  for (const [key, group] of byTypeTopic) {
    if (group.length < 3) continue;
    const [agencyType, topic] = key.split("|") as [string, string];
    const names = group.map((g) => agencies.get(g.agency_code)!.name);
    out.push({
      method: "执法检查",
      agencyCode: null,
      agencyType,
      topic,
      bodies: ["HZ-SC", ...group.map((g) => bodyFor(agencies.get(g.agency_code)!, bodies)).filter((b) => b !== "HZ-SC")],
      reasons: `“${topic}”问题在${names.length}个机关同时出现（${names.join("、")}），建议市区两级人大上下联动开展执法检查。`,
      evidence: group,
    });
  }

  for (const t of tags.filter((x) => x.tag_count >= 2)) {
    const agency = agencies.get(t.agency_code);
    if (!agency) continue;
    const reds = persistentRed.filter((r) => r.agency_code === t.agency_code && r.topic === t.topic);
    const method: Method = t.tag_count === 3 && reds.length > 0 ? "特定问题调查" : "专题询问";
    covered.add(t.agency_code);
    out.push({
      method,
      agencyCode: t.agency_code,
      agencyType: agency.agency_type,
      topic: t.topic,
      bodies: [bodyFor(agency, bodies)],
      reasons:
        `${agency.name}“${t.topic}”是焦点问题（${t.tags.join("、")}交汇）` +
        (method === "特定问题调查" ? `，且${reds.map((r) => r.indicator_name).join("、")}连续三个季度为红色，建议组织特定问题调查。` : "，建议开展专题询问。"),
      evidence: { tags: t, persistent_red: reds },
    });
  }

  for (const red of persistentRed) {
    if (out.some((o) => o.agencyCode === red.agency_code && o.method === "特定问题调查" && o.topic === red.topic)) continue;
    const agency = agencies.get(red.agency_code);
    if (!agency) continue;
    covered.add(red.agency_code);
    out.push({
      method: "质询",
      idSuffix: red.indicator_code,
      agencyCode: red.agency_code,
      agencyType: agency.agency_type,
      topic: null,
      bodies: [bodyFor(agency, bodies)],
      reasons: `${agency.name}${red.indicator_name}连续三个季度为红色，问题持续未改善，可作为质询的候选。`,
      evidence: red,
    });
  }

  // Agencies with warnings this month and nothing stronger: a report hearing when many, a visit when few.
  const warningsByAgency = new Map<string, typeof warnings>();
  for (const w of warnings) warningsByAgency.set(w.agency_code, [...(warningsByAgency.get(w.agency_code) ?? []), w]);
  for (const [agencyCode, list] of warningsByAgency) {
    const agency = agencies.get(agencyCode);
    if (!agency || covered.has(agencyCode)) continue;
    const method: Method = list.length >= 3 ? "听取审议专项工作报告" : "调研";
    out.push({
      method,
      agencyCode,
      agencyType: agency.agency_type,
      topic: null,
      bodies: [method === "调研" && agency.level === "city" && bodies.has("HZ-SC-JS") ? "HZ-SC-JS" : bodyFor(agency, bodies)],
      reasons:
        method === "听取审议专项工作报告"
          ? `${agency.name}本月有${list.length}项指标异常或有问题，建议听取审议专项工作报告。`
          : `${agency.name}本月有${list.length}项指标异常，建议调研了解情况。`,
      evidence: list,
    });
  }

  await client.query("delete from scoring.recommendations where as_of_month = $1", [asOfMonth]);
  const month = asOfMonth.slice(0, 7);
  const rows = out.map((r) => ({
    recommendation_id: `R-${month}-${r.method}-${r.agencyCode ?? r.agencyType}${r.topic ? `-${r.topic}` : ""}${r.idSuffix ? `-${r.idSuffix}` : ""}`,
    as_of_month: asOfMonth,
    method: r.method,
    ladder_step: LADDER[r.method],
    agency_code: r.agencyCode,
    agency_type: r.agencyType,
    topic: r.topic,
    body_codes: [...new Set(r.bodies)],
    reasons: r.reasons,
    evidence: JSON.stringify(r.evidence),
    config_version: config.version,
  }));
  for (let i = 0; i < rows.length; i += 500) {
    await executeOn(client, warehouse.db.insertInto("scoring.recommendations").values(rows.slice(i, i + 500)).compile());
  }
  return rows.length;
}
