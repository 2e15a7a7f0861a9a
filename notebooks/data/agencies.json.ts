// The supervised agencies (city and county level) with their region, and the data date every page states.
import { emitJson, oneRow, rows, sql } from "./emit.ts";

await emitJson(async (db) => {
  const agencies = await rows(
    db,
    sql<{ code: string; name: string; type: string; level: string; region: string; region_name: string }>`
      select a.agency_code as code, a.name, a.agency_type as type, a.level, a.region_code as region, r.name as region_name
        from staging.stg_ref_agencies a
        join staging.stg_ref_regions r using (region_code)
       where a.level in ('city', 'county')
       order by a.agency_type, a.level, a.region_code`,
  );
  const { as_of } = await oneRow(db, sql<{ as_of: string | null }>`
    select to_char(max(period_start), 'YYYY-MM') as as_of from marts.indicator_values where grain = 'month'`);
  return { as_of, built_at: new Date().toISOString(), agencies };
});
