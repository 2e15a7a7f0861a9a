// The response loop: a request to the agency for every warning, and the history of its states.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("scoring.response_requests")
    .addColumn("request_id", "text", (c) => c.primaryKey())
    .addColumn("warning_id", "text", (c) => c.notNull().unique())
    .addColumn("agency_code", "text", (c) => c.notNull())
    .addColumn("indicator_code", "text", (c) => c.notNull())
    .addColumn("colour", "text", (c) => c.notNull())
    .addColumn("opened_on", "date", (c) => c.notNull())
    .addColumn("deadline", "date", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull().check(sql`state in ('open', 'answered', 'overdue', 'closed')`))
    .addColumn("feedback_id", "text")
    .addColumn("answered_on", "date")
    .addColumn("closed_on", "date")
    .addColumn("config_version", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("scoring.response_request_events")
    .addColumn("request_id", "text", (c) => c.notNull().references("scoring.response_requests.request_id"))
    .addColumn("event_on", "date", (c) => c.notNull())
    .addColumn("from_state", "text")
    .addColumn("to_state", "text", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("recorded_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("response_request_events_by_request").on("scoring.response_request_events").column("request_id").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("scoring.response_request_events").ifExists().execute();
  await db.schema.dropTable("scoring.response_requests").ifExists().execute();
}
