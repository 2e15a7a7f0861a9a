// 分析 · trend explorer: per agency type one file with the monthly value and rolling 12-month value of every
// indicator for every agency over the last 36 months (the page loads only the type a deputy picks).
import { emitJsonArchive, rows, sql } from "./emit.ts";

const round = (v: number | null) => (v === null ? null : Number(v.toPrecision(4)));

await emitJsonArchive(async (db) => {
  const trends = await rows(
    db,
    sql<{ type: string; code: string; i: string; p: string; v: number | null; r: number | null; slope: number | null }>`
      with latest as (select max(month) as last from marts.indicator_trends)
      select agency_type as type, agency_code as code, indicator_code as i, to_char(month, 'YYYY-MM') as p,
             value::float8 as v, rolling_12m_value::float8 as r, slope_12m::float8 as slope
        from marts.indicator_trends, latest
       where month > latest.last - interval '36 months'
       order by agency_type, agency_code, indicator_code, month`,
  );
  const months = [...new Set(trends.map((t) => t.p))].sort();
  const index = new Map(months.map((m, k) => [m, k]));
  const files = new Map<string, { months: string[]; series: Record<string, { v: (number | null)[]; r: (number | null)[]; slope: number | null }> }>();
  for (const t of trends) {
    if (!files.has(t.type)) files.set(t.type, { months, series: {} });
    const series = files.get(t.type)!.series;
    const key = `${t.code}|${t.i}`;
    const s = (series[key] ??= { v: months.map(() => null), r: months.map(() => null), slope: null });
    const k = index.get(t.p)!;
    s.v[k] = round(t.v);
    s.r[k] = round(t.r);
    s.slope = round(t.slope);
  }
  return files;
});
