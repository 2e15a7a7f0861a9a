// The indicator catalog as landed: names, units, directions, reference intervals and red limits, formulas,
// where each threshold comes from and its version.
import { emitJson, rows, sql } from "./emit.ts";

await emitJson(async (db) =>
  rows(
    db,
    sql<{
      code: string; name: string; name_en: string; type: string; dimension: string; unit: string; direction: string;
      green_lower: number | null; green_upper: number | null; red_lower: number | null; red_upper: number | null; weight: number;
      numerator: string; denominator: string; read_with: string | null; source: string; version: string;
    }>`
      select indicator_code as code, name_zh as name, name_en, agency_type as type, dimension, unit, direction,
             green_lower::float8, green_upper::float8, red_lower::float8, red_upper::float8, weight::float8,
             numerator, denominator, read_with, source, version
        from staging.stg_ref_indicators
       order by indicator_code`,
  ),
);
