// 体检单: one file per supervised agency — every indicator's value, interval, colour (and what each rule said),
// peer position and the last 24 months for the sparkline, plus the agency's warnings with their explanation.
import { emitJsonArchive, rows, sql } from "./emit.ts";

interface ValueRow {
  code: string;
  i: string;
  g: "month" | "quarter" | "year";
  p: string;
  v: number | null;
  n: number;
  d: number;
  c: string;
  /** What the interval, funnel and trend rules said: first letters (g, y, r) or "-" where a rule did not apply. */
  r: string;
  /** Peers of the same type and level: [n, median, p25, p75, pooled]; null without peers. */
  peer: [number, number | null, number | null, number | null, number | null] | null;
}

await emitJsonArchive(async (db) => {
  const agencies = await rows(
    db,
    sql<{ code: string; name: string; type: string; level: string; region_name: string }>`
      select a.agency_code as code, a.name, a.agency_type as type, a.level, r.name as region_name
        from staging.stg_ref_agencies a join staging.stg_ref_regions r using (region_code)
       where a.level in ('city', 'county')`,
  );
  const indicators = await rows(
    db,
    sql<{
      code: string; name: string; type: string; unit: string; direction: string; dimension: string;
      green_lower: number | null; green_upper: number | null; red_lower: number | null; red_upper: number | null;
      numerator: string; denominator: string; read_with: string | null;
    }>`
      select indicator_code as code, name_zh as name, agency_type as type, unit, direction, dimension,
             green_lower::float8, green_upper::float8, red_lower::float8, red_upper::float8, numerator, denominator, read_with
        from staging.stg_ref_indicators order by indicator_code`,
  );
  // The windows a deputy can pick from: 24 months (12 selectable, each with its 12-month sparkline), 8 quarters, every year.
  const values = await rows(
    db,
    sql<ValueRow>`
      with latest as (
        select grain, max(period_start) as last from scoring.indicator_colours group by grain
      )
      select c.agency_code as code, c.indicator_code as i, c.grain as g, to_char(c.period_start, 'YYYY-MM') as p,
             round(c.value::numeric, 6)::float8 as v, c.numerator as n, c.denominator as d, c.colour as c,
             left(c.interval_colour, 1) || coalesce(left(c.funnel_colour, 1), '-') || coalesce(left(c.trend_colour, 1), '-') as r,
             case when b.n_agencies > 1 then jsonb_build_array(
               b.n_agencies, round(b.median_value::numeric, 6), round(b.p25_value::numeric, 6),
               round(b.p75_value::numeric, 6), round(b.pooled_value, 6)) end as peer
        from scoring.indicator_colours c
        join latest l on l.grain = c.grain
        join staging.stg_ref_agencies a using (agency_code)
        left join marts.indicator_benchmarks b
          on b.indicator_code = c.indicator_code and b.agency_type = a.agency_type and b.level = a.level
         and b.grain = c.grain and b.period_start = c.period_start
       where (c.grain = 'month' and c.period_start > l.last - interval '24 months')
          or (c.grain = 'quarter' and c.period_start > l.last - interval '24 months')
          or c.grain = 'year'
       order by c.agency_code, c.indicator_code, c.grain, c.period_start`,
  );
  const warnings = await rows(
    db,
    sql<{ code: string; id: string; i: string; p: string; colour: string; explanation: string; state: string | null; deadline: string | null }>`
      select w.agency_code as code, w.warning_id as id, w.indicator_code as i, to_char(w.period_start, 'YYYY-MM') as p,
             w.colour, w.explanation, q.state, to_char(q.deadline, 'YYYY-MM-DD') as deadline
        from scoring.warnings w left join scoring.response_requests q using (warning_id)
       order by w.period_start desc, w.indicator_code`,
  );
  const judgments = await rows(
    db,
    sql<{ code: string; g: string; p: string; judgment: string; red: number; yellow: number; severity: number }>`
      select agency_code as code, grain as g, to_char(period_start, 'YYYY-MM') as p, judgment,
             red_count as red, yellow_count as yellow, round(severity::numeric, 4)::float8 as severity
        from scoring.agency_judgments
       order by period_start`,
  );
  const byAgency = <T extends { code: string }>(list: T[]) => {
    const map = new Map<string, Omit<T, "code">[]>();
    for (const { code, ...rest } of list) {
      if (!map.has(code)) map.set(code, []);
      map.get(code)!.push(rest);
    }
    return map;
  };
  const valuesOf = byAgency(values);
  const warningsOf = byAgency(warnings);
  const judgmentsOf = byAgency(judgments);
  const files = new Map<string, unknown>();
  for (const agency of agencies) {
    files.set(agency.code, {
      ...agency,
      indicators: indicators.filter((i) => i.type === agency.type || i.type === "all"),
      values: valuesOf.get(agency.code) ?? [],
      warnings: warningsOf.get(agency.code) ?? [],
      judgments: judgmentsOf.get(agency.code) ?? [],
    });
  }
  return files;
});
