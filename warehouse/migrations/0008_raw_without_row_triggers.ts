// Raw tables keep load_id without a foreign key to ops.ingest_log. PostgreSQL checks a foreign key
// with a trigger per inserted row, which more than doubled the server's work in a bulk COPY (2 M court
// cases: 13.3 s with the key, 5.5 s without). The check could never fail: the loader is the only
// writer of raw tables and takes load_id from the ops.ingest_log row it inserted in the same
// transaction. The relationship is still checked — by the assertion raw_rows_come_from_loaded_files,
// run with every transform, the way a dbt project tests relationships.
import { sql, type Kysely } from "kysely";
import { RAW_TABLES } from "./0002_ingest.ts";

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of Object.keys(RAW_TABLES)) {
    await sql`alter table ${sql.table(`raw.${table}`)} drop constraint if exists ${sql.id(`${table}_load_id_fkey`)}`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of Object.keys(RAW_TABLES)) {
    await sql`alter table ${sql.table(`raw.${table}`)} add foreign key (load_id) references ops.ingest_log (load_id)`.execute(db);
  }
}
