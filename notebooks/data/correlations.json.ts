// 分析 · correlation matrix: Pearson r between indicators of the same agency type over agency-months, with n.
import { emitJson, rows, sql } from "./emit.ts";

await emitJson(async (db) =>
  rows(
    db,
    sql<{ type: string; a: string; b: string; r: number | null; n: number }>`
      select agency_type as type, indicator_a as a, indicator_b as b, round(correlation::numeric, 3)::float8 as r, n::int
        from marts.indicator_correlations
       order by agency_type, indicator_a, indicator_b`,
  ),
);
