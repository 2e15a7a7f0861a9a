// 分析 · heat by region: law-related petitions and negative internet posts per county-level unit, topic and
// month over the last 24 months, with the rate per 100,000 residents.
import { emitJson, rows, sql } from "./emit.ts";

await emitJson(async (db) => {
  const heat = await rows(
    db,
    sql<{ region: string; name: string; topic: string; p: string; petitions: number; posts: number; population: number }>`
      with latest as (select max(month) as last from marts.heat_by_region)
      select region_code as region, region_name as name, topic, to_char(month, 'YYYY-MM') as p,
             petitions::int, negative_posts::int as posts, population::float8 as population
        from marts.heat_by_region, latest
       where month > latest.last - interval '24 months'
       order by region_code, topic, month`,
  );
  return {
    regions: Object.fromEntries(heat.map((h) => [h.region, { name: h.name, population: h.population }])),
    rows: heat.map((h) => [h.region, h.topic, h.p, h.petitions, h.posts]),
  };
});
