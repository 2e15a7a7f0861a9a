// The one way into the warehouse: DATABASE_URL when set, otherwise the embedded PostgreSQL.
import { Kysely, PostgresDialect, type CompiledQuery } from "kysely";
import pg from "pg";
import type { Database } from "./database.ts";
import { startEmbedded, stopEmbedded, type EmbeddedCluster } from "./embedded.ts";

// Counts and ids in this warehouse stay far below 2^53, so int8 arrives as a number, not a string.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export interface Warehouse {
  db: Kysely<Database>;
  /** The pool under Kysely, for what Kysely does not do: COPY streams, raw statements of the runner. */
  pool: pg.Pool;
  url: string;
  /** Set when the embedded default is in use. */
  embedded?: EmbeddedCluster;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Overrides DATABASE_URL. */
  url?: string;
  /** Pool size; the transform runner needs one connection per parallel action plus one for ops. */
  maxConnections?: number;
  /**
   * Close and exit on SIGINT/SIGTERM (default). A long-running process that shuts down on its
   * own terms, like the scheduler, turns this off and closes the warehouse itself.
   */
  handleSignals?: boolean;
}

const open = new Set<Warehouse>();

/** Describe a connection URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}

export async function openWarehouse(options: OpenOptions = {}): Promise<Warehouse> {
  // An empty DATABASE_URL counts as unset, as shells and CI files often leave it that way.
  const explicit = options.url || process.env.DATABASE_URL || undefined;
  const embedded = explicit ? undefined : await startEmbedded();
  const url = explicit ?? embedded!.url;
  const pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 10, application_name: "jiandu" });
  // A client losing its server (restart, a killed backend) must not crash the process: idle
  // clients report to the pool, checked-out ones to themselves; the query in flight still rejects.
  pool.on("error", () => {});
  pool.on("connect", (client) => client.on("error", () => {}));
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end();
    if (embedded?.owned) await stopEmbedded(embedded.dataDir);
    throw new Error(`cannot connect to PostgreSQL at ${redactUrl(url)}: ${(error as Error).message}`);
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  let closed = false;
  const warehouse: Warehouse = {
    db,
    pool,
    url,
    embedded,
    async close() {
      if (closed) return;
      closed = true;
      open.delete(warehouse);
      await db.destroy();
      // Kysely ends the pool only if it ever used it; a run that only used raw clients must end it here.
      if (!pool.ended) await pool.end();
      if (embedded?.owned) await stopEmbedded(embedded.dataDir);
    },
  };
  open.add(warehouse);
  if (options.handleSignals !== false) installSignalHandlers();
  return warehouse;
}

let handlersInstalled = false;

/** Ctrl-C or SIGTERM closes pools and stops an embedded server this process started. */
function installSignalHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      void Promise.allSettled([...open].map((w) => w.close())).then((outcomes) => {
        for (const outcome of outcomes) {
          if (outcome.status === "rejected") process.stderr.write(`error while shutting down: ${String(outcome.reason)}\n`);
        }
        process.exit(signal === "SIGINT" ? 130 : 143);
      });
    });
  }
}

/**
 * Run a query Kysely built on a client the caller holds — inside a transaction that also
 * streams COPY, which Kysely cannot do itself.
 */
export async function executeOn<R extends pg.QueryResultRow = Record<string, unknown>>(
  client: pg.PoolClient,
  query: CompiledQuery,
): Promise<pg.QueryResult<R>> {
  return client.query<R>(query.sql, [...query.parameters]);
}

/** A PostgreSQL identifier in double quotes, for names that come from code (contracts, the graph), never from data. */
export function quoteIdent(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
