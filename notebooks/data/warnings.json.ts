// 三色预警: the agency × indicator colour grid for the last 12 months, 4 quarters and every year. Compact:
// per agency and period one string of colour letters in the order of its type's indicator list.
import { emitJson, rows, sql } from "./emit.ts";

await emitJson(async (db) => {
  const periods = await rows(
    db,
    sql<{ g: string; p: string }>`
      select grain as g, to_char(period_start, 'YYYY-MM') as p
        from (select grain, period_start, rank() over (partition by grain order by period_start desc) as recency
                from (select distinct grain, period_start from scoring.indicator_colours) d) ranked
       where (grain = 'month' and recency <= 12) or (grain = 'quarter' and recency <= 4) or grain = 'year'
       order by grain, period_start desc`,
  );
  const indicators = await rows(
    db,
    sql<{ code: string; name: string; type: string }>`
      select indicator_code as code, name_zh as name, agency_type as type from staging.stg_ref_indicators order by indicator_code`,
  );
  const cells = await rows(
    db,
    sql<{ code: string; g: string; p: string; colours: Record<string, string> }>`
      select agency_code as code, grain as g, to_char(period_start, 'YYYY-MM') as p,
             jsonb_object_agg(indicator_code, left(colour, 1)) as colours
        from scoring.indicator_colours
       where (grain, to_char(period_start, 'YYYY-MM')) in (
               select grain, to_char(period_start, 'YYYY-MM')
                 from (select grain, period_start, rank() over (partition by grain order by period_start desc) as recency
                         from (select distinct grain, period_start from scoring.indicator_colours) d) ranked
                where (grain = 'month' and recency <= 12) or (grain = 'quarter' and recency <= 4) or grain = 'year')
       group by 1, 2, 3`,
  );
  const types = ["court", "procuratorate", "public_security", "justice"];
  const order = Object.fromEntries(types.map((t) => [t, indicators.filter((i) => i.type === t || i.type === "all").map((i) => i.code)]));
  const typeOf = (code: string) => ({ FY: "court", JC: "procuratorate", GA: "public_security", SF: "justice" })[code.slice(0, 2)]!;
  const periodIndex = new Map(periods.map((p, k) => [`${p.g}|${p.p}`, k]));
  const grid: Record<string, string[]> = {};
  for (const cell of cells) {
    const list = (grid[cell.code] ??= periods.map(() => ""));
    list[periodIndex.get(`${cell.g}|${cell.p}`)!] = order[typeOf(cell.code)]!.map((i) => cell.colours[i] ?? "-").join("");
  }
  return { periods, indicators: order, names: Object.fromEntries(indicators.map((i) => [i.code, i.name])), grid };
});
