// 焦点问题: every tagged problem (难点/热点/弱点) with its evidence, and the supervision methods recommended for
// the latest month.
import { emitJson, rows, sql } from "./emit.ts";

await emitJson(async (db) => {
  const tags = await rows(
    db,
    sql<{ code: string; type: string; topic: string; tags: string[]; weak: unknown; difficult: unknown; hot: unknown; as_of: string }>`
      select agency_code as code, agency_type as type, topic, tags, weak_evidence as weak, difficult_evidence as difficult,
             hot_evidence as hot, to_char(as_of_month, 'YYYY-MM') as as_of
        from marts.problem_tags
       order by tag_count desc, agency_type, agency_code, topic`,
  );
  const recommendations = await rows(
    db,
    sql<{ id: string; method: string; step: number; code: string | null; type: string; topic: string | null; bodies: string[]; reasons: string; month: string }>`
      select recommendation_id as id, method, ladder_step as step, agency_code as code, agency_type as type, topic,
             body_codes as bodies, reasons, to_char(as_of_month, 'YYYY-MM') as month
        from scoring.recommendations
       where as_of_month = (select max(as_of_month) from scoring.recommendations)
       order by ladder_step desc, agency_type, agency_code, topic`,
  );
  const bodies = await rows(db, sql<{ code: string; name: string }>`
    select body_code as code, name from staging.stg_ref_supervision_bodies order by body_code`);
  return { tags, recommendations, bodies: Object.fromEntries(bodies.map((b) => [b.code, b.name])) };
});
