// One row per nightly (or manual) run of the whole job: its stages, counts, timings and outcome.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("ops.pipeline_runs")
    .addColumn("run_id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("trigger", "text", (c) => c.notNull().check(sql`trigger in ('manual', 'schedule')`))
    .addColumn("started_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("finished_at", "timestamptz")
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('running', 'succeeded', 'failed')`))
    .addColumn("options", "jsonb", (c) => c.notNull())
    // [{ stage, status, started_at, finished_at, counts, error }] in stage order.
    .addColumn("stages", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("error", "text")
    .addColumn("host", "text", (c) => c.notNull())
    .addColumn("pid", "integer", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("ops.pipeline_runs").ifExists().execute();
}
