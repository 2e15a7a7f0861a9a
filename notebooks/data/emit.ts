// What every data loader of the site shares: open the warehouse (DATABASE_URL, or the embedded default
// for `npm run dev`), run the page's queries, write the result to stdout for Framework, close.
import JSZip from "jszip";
import { sql, type Kysely, type RawBuilder } from "kysely";
import { openWarehouse } from "../../warehouse/connection.ts";
import type { Database } from "../../warehouse/database.ts";

export type Db = Kysely<Database>;

/** Rows of a read-only query written with Kysely's `sql` tag (values always bound as parameters). */
export async function rows<T>(db: Db, query: RawBuilder<T>): Promise<T[]> {
  return (await query.execute(db)).rows;
}

/** The one row of an aggregate query (always returns a row). */
export async function oneRow<T>(db: Db, query: RawBuilder<T>): Promise<T> {
  const [row] = await rows(db, query);
  if (row === undefined) throw new Error("expected one row, got none");
  return row;
}

export { sql };

async function withWarehouse<T>(work: (db: Db) => Promise<T>): Promise<T> {
  const warehouse = await openWarehouse({ maxConnections: 4 });
  try {
    return await work(warehouse.db);
  } finally {
    await warehouse.close();
  }
}

function write(output: string | Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => process.stdout.write(output, (error) => (error ? reject(error) : resolve())));
}

function fail(error: unknown): never {
  // Framework shows stderr and fails the build on a non-zero exit: the message must name the loader.
  process.stderr.write(`data loader ${process.argv[1] ?? ""} failed: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
}

/** A `*.json.ts` loader: the value becomes the JSON file a page reads. */
export async function emitJson(build: (db: Db) => Promise<unknown>): Promise<void> {
  try {
    await write(JSON.stringify(await withWarehouse(build)));
  } catch (error) {
    fail(error);
  }
}

/**
 * A `*.zip.ts` loader: one JSON file per key, which parameterized pages read as
 * `data/<archive>/<key>.json` (Framework extracts each at build time, so a page loads only its own).
 */
export async function emitJsonArchive(build: (db: Db) => Promise<Map<string, unknown>>): Promise<void> {
  try {
    const files = await withWarehouse(build);
    const zip = new JSZip();
    for (const [key, value] of files) zip.file(`${key}.json`, JSON.stringify(value));
    await write(await zip.generateAsync({ type: "uint8array", compression: "DEFLATE" }));
  } catch (error) {
    fail(error);
  }
}
