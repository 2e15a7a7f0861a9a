// 总览: colours of the latest month by agency type and region, each agency's judgment, what changed since the
// last published build, and the focus issues.
import { emitJson, oneRow, rows, sql } from "./emit.ts";

await emitJson(async (db) => {
  const { month } = await oneRow(db, sql<{ month: string | null }>`
    select to_char(max(period_start), 'YYYY-MM-DD') as month from scoring.indicator_colours where grain = 'month'`);
  const colours = await rows(
    db,
    sql<{ type: string; region: string; region_name: string; colour: string; n: number }>`
      select a.agency_type as type, a.region_code as region, r.name as region_name, c.colour, count(*)::int as n
        from scoring.indicator_colours c
        join staging.stg_ref_agencies a using (agency_code)
        join staging.stg_ref_regions r on r.region_code = a.region_code
       where c.grain = 'month' and c.period_start = ${month}::date
       group by 1, 2, 3, 4
       order by 1, 2, 4`,
  );
  const judgments = await rows(
    db,
    sql<{ code: string; judgment: string; red: number; yellow: number; severity: number; drivers: { indicator_code: string; colour: string }[] }>`
      select agency_code as code, judgment, red_count as red, yellow_count as yellow, severity::float8 as severity, drivers
        from scoring.agency_judgments
       where grain = 'month' and period_start = ${month}::date
       order by agency_code`,
  );
  // "Since last night": the last build that was published, not the one being made now.
  const previous = await db
    .selectFrom("ops.site_builds")
    .select(["build_id", "started_at"])
    .where("published_at", "is not", null)
    .orderBy("published_at", "desc")
    .limit(1)
    .executeTakeFirst();
  const since = previous?.started_at ?? null;
  const newWarnings = await rows(
    db,
    sql<{ id: string; code: string; indicator: string; colour: string; period: string; explanation: string }>`
      select warning_id as id, agency_code as code, indicator_code as indicator, colour,
             to_char(period_start, 'YYYY-MM') as period, explanation
        from scoring.warnings
       where ${since}::timestamptz is null or first_seen_at > ${since}::timestamptz
       order by colour desc, period_start desc, agency_code, indicator_code`,
  );
  const resolved = await rows(
    db,
    sql<{ id: string; code: string; indicator: string; closed_on: string; reason: string }>`
      select q.warning_id as id, q.agency_code as code, q.indicator_code as indicator,
             to_char(e.event_on, 'YYYY-MM-DD') as closed_on, e.reason
        from scoring.response_request_events e
        join scoring.response_requests q using (request_id)
       where e.to_state = 'closed'
         and (${since}::timestamptz is null or e.recorded_at > ${since}::timestamptz)
       order by e.event_on desc, q.agency_code`,
  );
  const focus = await rows(
    db,
    sql<{ code: string; type: string; topic: string; tags: string[]; tag_count: number }>`
      select agency_code as code, agency_type as type, topic, tags, tag_count
        from marts.focus_issues
       order by tag_count desc, agency_type, agency_code, topic`,
  );
  return {
    month: month?.slice(0, 7) ?? null,
    previous_build: previous ? { id: previous.build_id, at: previous.started_at } : null,
    colours,
    judgments,
    new_warnings: newWarnings,
    resolved,
    focus,
  };
});
