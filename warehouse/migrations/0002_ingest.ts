// The ingest bookkeeping (ops.ingest_log, ops.rejected_rows) and one raw table per source.
// Raw columns are written out here, frozen: a contract that changes needs a new migration,
// and ingest/contracts.test.ts fails until the migrated tables match the contracts again.
import { sql, type Kysely } from "kysely";

/** Columns of raw.<source> as of this migration, besides load_id and source_line. */
export const RAW_TABLES: Record<string, [string, string][]> = {
  ref_regions: [["region_code", "text"], ["name", "text"], ["level", "text"], ["parent_code", "text"], ["population", "bigint"]],
  ref_agencies: [["agency_code", "text"], ["name", "text"], ["agency_type", "text"], ["level", "text"], ["region_code", "text"], ["parent_agency_code", "text"]],
  ref_supervision_bodies: [["body_code", "text"], ["name", "text"], ["kind", "text"], ["level", "text"], ["region_code", "text"], ["parent_body_code", "text"]],
  ref_indicators: [["indicator_code", "text"], ["name_zh", "text"], ["name_en", "text"], ["agency_type", "text"], ["dimension", "text"], ["unit", "text"], ["numerator", "text"], ["denominator", "text"], ["direction", "text"], ["green_lower", "numeric"], ["green_upper", "numeric"], ["red_lower", "numeric"], ["red_upper", "numeric"], ["weight", "numeric"], ["read_with", "text"], ["source", "text"], ["version", "text"]],
  work_dynamics: [["agency_code", "text"], ["published_on", "date"], ["title", "text"], ["category", "text"], ["body", "text"]],
  evaluation_scores: [["agency_code", "text"], ["period", "date"], ["indicator_code", "text"], ["value", "numeric"], ["numerator", "numeric"], ["denominator", "numeric"]],
  court_cases: [["case_no", "text"], ["agency_code", "text"], ["case_type", "text"], ["procedure", "text"], ["cause", "text"], ["origin_case_no", "text"], ["filed_on", "date"], ["closed_on", "date"], ["closing_method", "text"], ["statutory_days", "bigint"], ["term_extended", "boolean"], ["within_term", "boolean"], ["appealed", "boolean"], ["appeal_outcome", "text"], ["retrial_outcome", "text"], ["judgment_published", "boolean"], ["amount_due", "numeric"], ["amount_recovered", "numeric"], ["litigant_name", "text"], ["litigant_id_number", "text"]],
  procuratorate_cases: [["case_no", "text"], ["agency_code", "text"], ["business_line", "text"], ["charge", "text"], ["origin_case_no", "text"], ["received_on", "date"], ["closed_on", "date"], ["arrest_decision", "text"], ["prosecution_decision", "text"], ["detained", "boolean"], ["plea_leniency", "boolean"], ["sentencing_recommendation", "text"], ["recommendation_adopted", "boolean"], ["returned_for_investigation", "bigint"], ["prosecution_withdrawn", "boolean"], ["verdict", "text"], ["replied_on", "date"], ["rectified", "boolean"], ["suspect_name", "text"], ["suspect_id_number", "text"]],
  police_monthly_reports: [["agency_code", "text"], ["month", "date"], ["criminal_cases_filed", "bigint"], ["criminal_cases_solved", "bigint"], ["serious_violent_filed", "bigint"], ["serious_violent_solved", "bigint"], ["telecom_fraud_cases", "bigint"], ["enforcement_reviews", "bigint"], ["enforcement_reviews_passed", "bigint"], ["reconsiderations", "bigint"], ["reconsiderations_corrected", "bigint"], ["admin_lawsuits", "bigint"], ["admin_lawsuits_lost", "bigint"], ["cases_transferred", "bigint"], ["cases_returned", "bigint"], ["calls_110", "bigint"], ["calls_110_timely", "bigint"], ["complaints", "bigint"], ["survey_respondents", "bigint"], ["survey_satisfied", "bigint"]],
  justice_monthly_reports: [["agency_code", "text"], ["month", "date"], ["mediations", "bigint"], ["mediations_succeeded", "bigint"], ["legal_aid_cases", "bigint"], ["legal_aid_surveyed", "bigint"], ["legal_aid_satisfied", "bigint"], ["corrections_population", "bigint"], ["corrections_reoffended", "bigint"], ["corrections_absconded", "bigint"], ["released_prisoners", "bigint"], ["released_prisoners_assisted", "bigint"], ["reconsiderations", "bigint"], ["reconsiderations_corrected", "bigint"], ["service_complaints", "bigint"], ["service_complaints_closed", "bigint"]],
  procuratorial_suggestions: [["suggestion_no", "text"], ["agency_code", "text"], ["issued_on", "date"], ["suggestion_type", "text"], ["target_org", "text"], ["target_agency_code", "text"], ["topic", "text"], ["replied_on", "date"], ["adopted", "boolean"], ["rectify_by", "date"], ["rectified_on", "date"]],
  deputy_motions: [["motion_no", "text"], ["kind", "text"], ["deputy_name", "text"], ["deputy_group", "text"], ["submitted_on", "date"], ["topic", "text"], ["assigned_agency_code", "text"], ["status", "text"], ["due_on", "date"], ["replied_on", "date"], ["satisfaction", "text"]],
  congress_reviews: [["review_year", "bigint"], ["agency_code", "text"], ["satisfaction_score", "numeric"], ["opinions_raised", "bigint"], ["opinions_resolved", "bigint"], ["conclusion", "text"]],
  petitions: [["petition_no", "text"], ["received_on", "date"], ["region_code", "text"], ["target_agency_code", "text"], ["issue_type", "text"], ["channel", "text"], ["is_repeat", "boolean"], ["is_resolved", "boolean"], ["resolved_on", "date"], ["petitioner_name", "text"], ["id_number", "text"], ["phone", "text"], ["request", "text"]],
  transparency_scores: [["agency_code", "text"], ["year", "bigint"], ["dimension", "text"], ["score", "numeric"], ["evaluator", "text"]],
  internet_discussions: [["post_id", "text"], ["posted_on", "date"], ["platform", "text"], ["topic", "text"], ["agency_code", "text"], ["region_code", "text"], ["heat", "bigint"], ["sentiment", "text"], ["reposts", "bigint"]],
  supervision_activities: [["activity_id", "text"], ["held_on", "date"], ["body_code", "text"], ["method", "text"], ["topic", "text"], ["agency_code", "text"], ["participants", "bigint"], ["summary", "text"]],
  deliberation_opinions: [["opinion_no", "text"], ["issued_on", "date"], ["body_code", "text"], ["agency_code", "text"], ["topic", "text"], ["deadline", "date"], ["status", "text"], ["reported_on", "date"], ["closed_on", "date"]],
  agency_feedback: [["feedback_id", "text"], ["warning_id", "text"], ["agency_code", "text"], ["submitted_on", "date"], ["explanation", "text"], ["measures", "text"], ["expected_fix_by", "date"]],
};

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("ops.ingest_log")
    .addColumn("load_id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("file_path", "text", (c) => c.notNull())
    .addColumn("file_hash", "text", (c) => c.notNull())
    .addColumn("file_bytes", "bigint", (c) => c.notNull())
    .addColumn("format", "text")
    .addColumn("encoding", "text")
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('loading', 'loaded', 'failed')`))
    .addColumn("started_at", "timestamptz", (c) => c.notNull())
    .addColumn("finished_at", "timestamptz")
    .addColumn("rows_read", "bigint")
    .addColumn("rows_loaded", "bigint")
    .addColumn("rows_rejected", "bigint")
    .addColumn("warnings", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("error", "text")
    .execute();
  // The same bytes land once per source, even when two loads race.
  await sql`create unique index ingest_log_once on ops.ingest_log (source, file_hash) where status = 'loaded'`.execute(db);
  await db.schema.createIndex("ingest_log_by_source").on("ops.ingest_log").columns(["source", "load_id"]).execute();

  await db.schema
    .createTable("ops.rejected_rows")
    .addColumn("load_id", "bigint", (c) => c.notNull().references("ops.ingest_log.load_id").onDelete("cascade"))
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("line", "integer", (c) => c.notNull())
    .addColumn("column_name", "text")
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("raw", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("rejected_rows_by_load").on("ops.rejected_rows").columns(["load_id", "line"]).execute();

  for (const [table, columns] of Object.entries(RAW_TABLES)) {
    let create = db.schema
      .createTable(`raw.${table}`)
      .addColumn("load_id", "bigint", (c) => c.notNull().references("ops.ingest_log.load_id"))
      .addColumn("source_line", "integer", (c) => c.notNull());
    for (const [name, type] of columns) create = create.addColumn(name, sql.raw(type));
    await create.execute();
    await db.schema.createIndex(`${table}_by_load`).on(`raw.${table}`).column("load_id").execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of Object.keys(RAW_TABLES)) await db.schema.dropTable(`raw.${table}`).ifExists().execute();
  await db.schema.dropTable("ops.rejected_rows").ifExists().execute();
  await db.schema.dropTable("ops.ingest_log").ifExists().execute();
}
