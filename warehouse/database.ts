// The database types Kysely checks queries against: one place for the tables TypeScript reads and writes.
import type { ColumnType, Generated } from "kysely";

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type RunStatus = "running" | "succeeded" | "failed";
export type ActionStatus = "succeeded" | "failed" | "skipped" | "disabled";

export interface TransformRunsTable {
  run_id: Generated<number>;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  status: RunStatus;
  /** Selection and flags as given: actions, tags, includeDeps, fullRefresh, vars, concurrency. */
  options: ColumnType<unknown, string, string>;
  actions_total: number;
  actions_succeeded: number | null;
  actions_failed: number | null;
  actions_skipped: number | null;
  error: string | null;
}

export interface ActionRunsTable {
  run_id: number;
  action_name: string;
  action_type: string;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  status: ActionStatus;
  rows_affected: number | null;
  error: string | null;
  sql_hash: string | null;
}

export interface Database {
  "ops.transform_runs": TransformRunsTable;
  "ops.action_runs": ActionRunsTable;
}
