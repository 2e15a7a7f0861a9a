// Site builds: each build of the report site, where it went and whether it was published — the overview's
// "since the last build" and `jiandu runs` read it.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("ops.site_builds")
    .addColumn("build_id", "text", (c) => c.primaryKey())
    .addColumn("run_id", "integer", (c) => c.references("ops.pipeline_runs.run_id"))
    .addColumn("started_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("finished_at", "timestamptz")
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('building', 'built', 'published', 'failed', 'discarded')`))
    .addColumn("folder", "text", (c) => c.notNull())
    .addColumn("pages", "integer")
    .addColumn("files", "integer")
    .addColumn("bytes", "bigint")
    .addColumn("published_at", "timestamptz")
    .addColumn("error", "text")
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("ops.site_builds").ifExists().execute();
}
