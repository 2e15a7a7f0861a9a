// 两院微报告: one file per court and procuratorate with every year's facts (cases, key indicators against their
// intervals, indicators out of interval, petition topics, overall score), ready to be written out as text.
import { emitJsonArchive, rows, sql } from "./emit.ts";

await emitJsonArchive(async (db) => {
  const facts = await rows(
    db,
    sql<{
      code: string; name: string; type: string; year: number; months: number; received: number; concluded: number;
      received_change: number | null; concluded_change: number | null; key: unknown; out: unknown; out_count: number;
      topics: unknown; score: number | null;
    }>`
      select agency_code as code, agency_name as name, agency_type as type, year, months_covered as months,
             received::int, concluded::int, received_change::float8, concluded_change::float8,
             key_indicators as key, indicators_out_of_interval as out, out_of_interval_count as out_count,
             top_petition_topics as topics, overall_score::float8 as score
        from marts.micro_report_facts
       order by agency_code, year desc`,
  );
  const files = new Map<string, { code: string; name: string; type: string; years: unknown[] }>();
  for (const { code, name, type, ...year } of facts) {
    if (!files.has(code)) files.set(code, { code, name, type, years: [] });
    files.get(code)!.years.push(year);
  }
  return files;
});
