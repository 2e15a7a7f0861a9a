// The schemas TypeScript owns (raw, ops, scoring) and the run records of the transform runner.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const schema of ["raw", "ops", "scoring"]) {
    await db.schema.createSchema(schema).ifNotExists().execute();
  }

  await db.schema
    .createTable("ops.transform_runs")
    .addColumn("run_id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("started_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("finished_at", "timestamptz")
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('running', 'succeeded', 'failed')`))
    .addColumn("options", "jsonb", (c) => c.notNull())
    .addColumn("actions_total", "integer", (c) => c.notNull())
    .addColumn("actions_succeeded", "integer")
    .addColumn("actions_failed", "integer")
    .addColumn("actions_skipped", "integer")
    .addColumn("error", "text")
    .execute();

  await db.schema
    .createTable("ops.action_runs")
    .addColumn("run_id", "bigint", (c) => c.notNull().references("ops.transform_runs.run_id").onDelete("cascade"))
    .addColumn("action_name", "text", (c) => c.notNull())
    .addColumn("action_type", "text", (c) => c.notNull())
    .addColumn("started_at", "timestamptz")
    .addColumn("finished_at", "timestamptz")
    .addColumn("status", "text", (c) =>
      c.notNull().check(sql`status in ('succeeded', 'failed', 'skipped', 'disabled')`),
    )
    .addColumn("rows_affected", "bigint")
    .addColumn("error", "text")
    .addColumn("sql_hash", "text")
    .addPrimaryKeyConstraint("action_runs_pk", ["run_id", "action_name"])
    .execute();

  await db.schema.createIndex("action_runs_by_action").on("ops.action_runs").columns(["action_name", "run_id"]).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("ops.action_runs").ifExists().execute();
  await db.schema.dropTable("ops.transform_runs").ifExists().execute();
}
