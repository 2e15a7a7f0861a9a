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

export type LoadStatus = "loading" | "loaded" | "failed";

export interface IngestLogTable {
  load_id: Generated<number>;
  source: string;
  file_name: string;
  file_path: string;
  file_hash: string;
  file_bytes: number;
  format: string | null;
  encoding: string | null;
  status: LoadStatus;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  rows_read: number | null;
  rows_loaded: number | null;
  rows_rejected: number | null;
  /** JSON array of strings. */
  warnings: ColumnType<unknown, string | undefined, string>;
  error: string | null;
}

export interface RejectedRowsTable {
  load_id: number;
  source: string;
  file_name: string;
  line: number;
  /** The column at fault; null when the whole record is unreadable. */
  column_name: string | null;
  reason: string;
  raw: string;
}

export interface PipelineRunsTable {
  run_id: Generated<number>;
  trigger: "manual" | "schedule";
  started_at: Timestamp;
  finished_at: Timestamp | null;
  status: RunStatus;
  options: ColumnType<unknown, string, string>;
  stages: ColumnType<unknown, string | undefined, string>;
  error: string | null;
  host: string;
  pid: number;
}

export interface IndicatorColoursTable {
  agency_code: string;
  indicator_code: string;
  grain: string;
  period_start: ColumnType<string, string, string>;
  value: number | null;
  numerator: number;
  denominator: number;
  colour: "green" | "yellow" | "red";
  interval_colour: string;
  funnel_colour: string | null;
  trend_colour: string | null;
  evidence: ColumnType<unknown, string, string>;
  config_version: string;
  catalog_version: string;
}

export interface AgencyJudgmentsTable {
  agency_code: string;
  grain: string;
  period_start: ColumnType<string, string, string>;
  judgment: "normal" | "reminder" | "warning";
  severity: number;
  red_count: number;
  yellow_count: number;
  drivers: ColumnType<unknown, string, string>;
  config_version: string;
}

export interface WarningsTable {
  warning_id: string;
  agency_code: string;
  indicator_code: string;
  grain: string;
  period_start: ColumnType<string, string, string>;
  colour: "yellow" | "red";
  rules: string[];
  explanation: string;
  evidence: ColumnType<unknown, string, string>;
  config_version: string;
  first_seen_at: ColumnType<Date, Date | string | undefined, Date | string>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export type RequestState = "open" | "answered" | "overdue" | "closed";

export interface ResponseRequestsTable {
  request_id: string;
  warning_id: string;
  agency_code: string;
  indicator_code: string;
  colour: string;
  opened_on: ColumnType<string, string, string>;
  deadline: ColumnType<string, string, string>;
  state: RequestState;
  feedback_id: string | null;
  answered_on: ColumnType<string | null, string | null | undefined, string | null>;
  closed_on: ColumnType<string | null, string | null | undefined, string | null>;
  config_version: string;
}

export interface ResponseRequestEventsTable {
  request_id: string;
  event_on: ColumnType<string, string, string>;
  from_state: RequestState | null;
  to_state: RequestState;
  reason: string;
  recorded_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface RecommendationsTable {
  recommendation_id: string;
  as_of_month: ColumnType<string, string, string>;
  method: string;
  ladder_step: number;
  agency_code: string | null;
  agency_type: string;
  topic: string | null;
  body_codes: string[];
  reasons: string;
  evidence: ColumnType<unknown, string, string>;
  config_version: string;
}

export interface SiteBuildsTable {
  build_id: string;
  run_id: number | null;
  started_at: ColumnType<Date, Date | undefined, Date>;
  finished_at: Timestamp | null;
  status: "building" | "built" | "published" | "failed" | "discarded";
  /** Folder the build was written to. */
  folder: string;
  pages: number | null;
  files: number | null;
  bytes: number | null;
  published_at: Timestamp | null;
  error: string | null;
}

export interface Database {
  "ops.transform_runs": TransformRunsTable;
  "ops.action_runs": ActionRunsTable;
  "ops.ingest_log": IngestLogTable;
  "ops.rejected_rows": RejectedRowsTable;
  "ops.pipeline_runs": PipelineRunsTable;
  "ops.site_builds": SiteBuildsTable;
  "scoring.indicator_colours": IndicatorColoursTable;
  "scoring.agency_judgments": AgencyJudgmentsTable;
  "scoring.warnings": WarningsTable;
  "scoring.response_requests": ResponseRequestsTable;
  "scoring.response_request_events": ResponseRequestEventsTable;
  "scoring.recommendations": RecommendationsTable;
}
