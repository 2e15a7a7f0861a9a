// 画像: every agency's dimension scores per year and for the last eight quarters, with the peer median beside
// each (never a ranking), and the topics tagged 难点/热点/弱点 for it.
import { emitJson, rows, sql } from "./emit.ts";

await emitJson(async (db) => {
  const scores = await rows(
    db,
    sql<{ code: string; g: string; p: string; dim: string; name: string; score: number; peer: number | null; n: number; out: number }>`
      with latest as (select max(period_start) as last from marts.agency_portrait where grain = 'quarter')
      select agency_code as code, grain as g, to_char(period_start, 'YYYY-MM') as p, dimension as dim, dimension_name as name,
             score::float8 as score, peer_median_score::float8 as peer, indicators_scored as n, indicators_out_of_interval as out
        from marts.agency_portrait, latest
       where grain = 'year' or (grain = 'quarter' and period_start > latest.last - interval '24 months')
       order by agency_code, grain, period_start, dimension`,
  );
  const topics = await rows(
    db,
    sql<{ code: string; topic: string; tags: string[] }>`
      select agency_code as code, topic, tags
        from marts.problem_tags
       order by agency_code, tag_count desc, topic`,
  );
  // Rows as arrays [code, grain, period, dimension, score, peer median, indicators scored, out of interval]:
  // the keys would be most of the file.
  const dimensions = Object.fromEntries(scores.map((s) => [s.dim, s.name]));
  return {
    dimensions,
    scores: scores.map((s) => [s.code, s.g, s.p, s.dim, s.score, s.peer, s.n, s.out]),
    topics,
  };
});
