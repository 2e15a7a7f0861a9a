// One run at a time across processes: a PostgreSQL session advisory lock, held on its own
// connection for the whole run and freed by the server if the process dies.
import type { Warehouse } from "../warehouse/connection.ts";

/** Arbitrary but fixed: the advisory-lock key of the jiandu pipeline ("jian" in ASCII). */
const PIPELINE_LOCK_KEY = 0x6a69616e;

export class PipelineBusy extends Error {
  constructor(detail: string) {
    super(`another jiandu run is in progress${detail}; this one was not started`);
    this.name = "PipelineBusy";
  }
}

export interface PipelineLock {
  release(): Promise<void>;
}

export async function acquirePipelineLock(warehouse: Warehouse): Promise<PipelineLock> {
  const client = await warehouse.pool.connect();
  const { rows } = await client.query<{ locked: boolean }>("select pg_try_advisory_lock($1) as locked", [PIPELINE_LOCK_KEY]);
  if (!rows[0]?.locked) {
    client.release();
    const holder = await warehouse.db
      .selectFrom("ops.pipeline_runs")
      .select(["run_id", "started_at", "host", "pid"])
      .where("status", "=", "running")
      .orderBy("run_id", "desc")
      .executeTakeFirst()
      .catch(() => undefined);
    const detail = holder
      ? ` (run ${holder.run_id}, started ${new Date(holder.started_at).toISOString()} by pid ${holder.pid} on ${holder.host})`
      : "";
    throw new PipelineBusy(detail);
  }
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      await client.query("select pg_advisory_unlock($1)", [PIPELINE_LOCK_KEY]).catch(() => {});
      client.release();
    },
  };
}
