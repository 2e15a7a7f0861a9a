// Supervision recommendations: which method of the supervision law suits which problem, and who.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("scoring.recommendations")
    .addColumn("recommendation_id", "text", (c) => c.primaryKey())
    .addColumn("as_of_month", "date", (c) => c.notNull())
    .addColumn("method", "text", (c) => c.notNull())
    .addColumn("ladder_step", "integer", (c) => c.notNull())
    .addColumn("agency_code", "text")
    .addColumn("agency_type", "text", (c) => c.notNull())
    .addColumn("topic", "text")
    .addColumn("body_codes", sql`text[]`, (c) => c.notNull())
    .addColumn("reasons", "text", (c) => c.notNull())
    .addColumn("evidence", "jsonb", (c) => c.notNull())
    .addColumn("config_version", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("scoring.recommendations").ifExists().execute();
}
