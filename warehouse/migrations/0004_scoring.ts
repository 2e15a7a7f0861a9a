// The scoring stage's tables: a colour per indicator value with each rule's verdict, a judgment
// per agency and period, and the warnings agencies must answer (stable ids, updated not duplicated).
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("scoring.indicator_colours")
    .addColumn("agency_code", "text", (c) => c.notNull())
    .addColumn("indicator_code", "text", (c) => c.notNull())
    .addColumn("grain", "text", (c) => c.notNull())
    .addColumn("period_start", "date", (c) => c.notNull())
    .addColumn("value", "double precision")
    .addColumn("numerator", "double precision", (c) => c.notNull())
    .addColumn("denominator", "double precision", (c) => c.notNull())
    .addColumn("colour", "text", (c) => c.notNull().check(sql`colour in ('green', 'yellow', 'red')`))
    .addColumn("interval_colour", "text", (c) => c.notNull())
    .addColumn("funnel_colour", "text")
    .addColumn("trend_colour", "text")
    .addColumn("evidence", "jsonb", (c) => c.notNull())
    .addColumn("config_version", "text", (c) => c.notNull())
    .addColumn("catalog_version", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("indicator_colours_pk", ["agency_code", "indicator_code", "grain", "period_start"])
    .execute();

  await db.schema
    .createTable("scoring.agency_judgments")
    .addColumn("agency_code", "text", (c) => c.notNull())
    .addColumn("grain", "text", (c) => c.notNull())
    .addColumn("period_start", "date", (c) => c.notNull())
    .addColumn("judgment", "text", (c) => c.notNull().check(sql`judgment in ('normal', 'reminder', 'warning')`))
    .addColumn("severity", "double precision", (c) => c.notNull())
    .addColumn("red_count", "integer", (c) => c.notNull())
    .addColumn("yellow_count", "integer", (c) => c.notNull())
    .addColumn("drivers", "jsonb", (c) => c.notNull())
    .addColumn("config_version", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("agency_judgments_pk", ["agency_code", "grain", "period_start"])
    .execute();

  await db.schema
    .createTable("scoring.warnings")
    .addColumn("warning_id", "text", (c) => c.primaryKey())
    .addColumn("agency_code", "text", (c) => c.notNull())
    .addColumn("indicator_code", "text", (c) => c.notNull())
    .addColumn("grain", "text", (c) => c.notNull())
    .addColumn("period_start", "date", (c) => c.notNull())
    .addColumn("colour", "text", (c) => c.notNull().check(sql`colour in ('yellow', 'red')`))
    .addColumn("rules", sql`text[]`, (c) => c.notNull())
    .addColumn("explanation", "text", (c) => c.notNull())
    .addColumn("evidence", "jsonb", (c) => c.notNull())
    .addColumn("config_version", "text", (c) => c.notNull())
    .addColumn("first_seen_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["scoring.warnings", "scoring.agency_judgments", "scoring.indicator_colours"]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
