// Executes a compiled Dataform graph on PostgreSQL: dependency order, a pool of parallel
// actions, one transaction per action, assertions that fail on rows, every action in ops.
import { createHash } from "node:crypto";
import { sql } from "kysely";
import type pg from "pg";
import { quoteIdent, type Warehouse } from "../connection.ts";
import type { ActionStatus } from "../database.ts";
import { migrateToLatest } from "../migrate.ts";
import type { CompileResult } from "./compile.ts";
import { core, RelationType, type Adapter, type ExecutionTask, type TableMetadata } from "./core.ts";
import { cascadeViews, graphActions, runDependencies, selectActions, type GraphAction, type Selection } from "./graph.ts";

export interface RunOptions extends Selection {
  fullRefresh?: boolean;
  dryRun?: boolean;
  /** Actions executing at once; defaults to dataform.json's concurrentQueryLimit, else 2. */
  concurrency?: number;
  onEvent?: (event: RunEvent) => void;
}

export type RunEvent =
  | { type: "planned"; total: number }
  | { type: "started"; action: GraphAction }
  | { type: "finished"; result: ActionResult };

export interface ActionResult {
  name: string;
  kind: GraphAction["kind"];
  fileName: string;
  status: ActionStatus;
  startedAt: Date | null;
  finishedAt: Date | null;
  rowsAffected: number | null;
  error: string | null;
  sqlHash: string | null;
  /** What ran (or, in a dry run, would run), in order. */
  statements: string[];
  /** Views of other actions that a rebuild's `drop … cascade` removed and this action put back. */
  restoredViews: string[];
}

export interface RunResult {
  runId: number | null;
  status: "succeeded" | "failed";
  results: ActionResult[];
  startedAt: Date;
  finishedAt: Date;
}

interface Step {
  statement: string;
  /** An assertion query: fails the action when it counts rows. */
  check: boolean;
  /** The statement whose row count is the action's `rows_affected`. */
  main: boolean;
}

// Core's incremental merge for Postgres wraps itself in `begin transaction; … end transaction;`.
// The runner already holds a transaction per action, and that `end` would commit it halfway.
const OWN_TRANSACTION_CONTROL = /^\s*(begin|end|commit)\s+transaction\s*;?\s*$/i;

/** The relation an action writes, as it stands before the action: its kind and columns (one round trip). */
async function relationMetadata(client: pg.PoolClient, schema: string, name: string): Promise<TableMetadata | undefined> {
  const relation = await client.query<{ relkind: string; columns: string[] }>(
    `select c.relkind,
            coalesce(array_agg(a.attname::text order by a.attnum) filter (where a.attnum > 0 and not a.attisdropped), '{}') as columns
       from pg_class c
       join pg_namespace n on n.oid = c.relnamespace
       left join pg_attribute a on a.attrelid = c.oid
      where n.nspname = $1 and c.relname = $2 and c.relkind in ('r', 'p', 'v', 'm')
      group by c.relkind`,
    [schema, name],
  );
  const row = relation.rows[0];
  if (!row) return undefined;
  return {
    type: row.relkind === "v" || row.relkind === "m" ? RelationType.VIEW : RelationType.TABLE,
    fields: row.columns.map((column) => ({ name: column })),
  };
}

/** Statements for one action from core's Postgres adapter, given the relation as it stands. */
function actionSteps(
  action: GraphAction,
  adapter: Adapter,
  compiled: CompileResult,
  metadata: TableMetadata | undefined,
  fullRefresh: boolean,
): Step[] {
  const toSteps = (tasks: ExecutionTask[], mainIndex: number): Step[] =>
    tasks
      .map((task, index) => ({
        statement: task.statement ?? "",
        check: task.type === "assertion",
        main: index === mainIndex,
      }))
      .filter((s) => s.statement.trim() !== "" && !OWN_TRANSACTION_CONTROL.test(s.statement));

  if (action.table) {
    const table = action.table;
    // A protected incremental table is never rebuilt from scratch, as in Dataform.
    const refresh = fullRefresh && !table.protected;
    const incremental = action.kind === "incremental" && metadata !== undefined && metadata.type === RelationType.TABLE && !refresh;
    const tasks = adapter.publishTasks(table, { fullRefresh: refresh }, metadata).build();
    const postOps = (incremental ? table.incrementalPostOps : table.postOps)?.length ?? 0;
    // Rows affected: the incremental insert, else the rebuild's `create table … as`, ignoring post-operations.
    const body = tasks.slice(0, tasks.length - postOps);
    const lastInsert = body.findLastIndex((t) => /^\s*insert/i.test(t.statement ?? ""));
    const lastCreate = body.findLastIndex((t) => /^\s*create\s+table/i.test(t.statement ?? ""));
    return toSteps(tasks, lastInsert >= 0 ? lastInsert : lastCreate);
  }
  if (action.assertion) {
    return toSteps(adapter.assertTasks(action.assertion, compiled.projectConfig).build(), -1);
  }
  const queries = action.operation?.queries ?? [];
  return queries
    .map((statement, index) => ({ statement, check: false, main: index === queries.length - 1 }))
    .filter((s) => s.statement.trim() !== "");
}

interface DependentView {
  schema: string;
  name: string;
  kind: string;
  definition: string;
}

/** Views (at any depth) built on a relation, with their current definitions, shallowest first. */
async function dependentViews(client: pg.PoolClient, schema: string, name: string): Promise<DependentView[]> {
  const result = await client.query<DependentView>(
    `with recursive dependents(oid, depth) as (
       select r.ev_class, 1
         from pg_depend d join pg_rewrite r on r.oid = d.objid
        where d.classid = 'pg_rewrite'::regclass and d.refclassid = 'pg_class'::regclass
          and d.refobjid = (select c.oid from pg_class c join pg_namespace n on n.oid = c.relnamespace
                             where n.nspname = $1 and c.relname = $2)
       union
       select r.ev_class, dependents.depth + 1
         from dependents
         join pg_depend d on d.refobjid = dependents.oid
          and d.classid = 'pg_rewrite'::regclass and d.refclassid = 'pg_class'::regclass
         join pg_rewrite r on r.oid = d.objid
        where r.ev_class <> dependents.oid
     )
     select n.nspname as schema, c.relname as name, c.relkind as kind,
            pg_get_viewdef(c.oid) as definition, max(dependents.depth) as depth
       from dependents
       join pg_class c on c.oid = dependents.oid
       join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('v', 'm') and not (n.nspname = $1 and c.relname = $2)
      group by 1, 2, 3, 4
      order by max(dependents.depth), 1, 2`,
    [schema, name],
  );
  return result.rows;
}


/**
 * Put back the views a `drop … cascade` took with it, inside the same transaction, so readers
 * of a rebuilt table never find their view missing — also in a selective run that does not
 * rebuild those views. A view that no longer fits the new table is left for its own action.
 */
async function restoreViews(client: pg.PoolClient, views: DependentView[]): Promise<string[]> {
  const restored: string[] = [];
  for (const view of views) {
    const qualified = `${quoteIdent(view.schema)}.${quoteIdent(view.name)}`;
    const exists = await client.query("select to_regclass($1) is not null as present", [qualified]);
    if (exists.rows[0]?.present) continue;
    await client.query("savepoint restore_view");
    try {
      const materialized = view.kind === "m" ? "materialized " : "";
      await client.query(`create ${materialized}view ${qualified} as ${view.definition}`);
      await client.query("release savepoint restore_view");
      restored.push(`${view.schema}.${view.name}`);
    } catch {
      await client.query("rollback to savepoint restore_view");
    }
  }
  return restored;
}

function rowCount(result: pg.QueryResult | pg.QueryResult[]): number | null {
  const last = Array.isArray(result) ? result[result.length - 1] : result;
  return last?.rowCount ?? null;
}

function describeError(error: unknown, statementIndex: number, total: number): string {
  const e = error as { message?: string; position?: string; detail?: string };
  const at = total > 1 ? ` (statement ${statementIndex + 1} of ${total})` : "";
  return `${e.message ?? String(error)}${at}${e.detail ? ` — ${e.detail}` : ""}`;
}

function hashStatements(statements: string[]): string {
  return createHash("sha256").update(statements.join(";\n")).digest("hex");
}

async function executeAction(
  warehouse: Warehouse,
  action: GraphAction,
  adapter: Adapter,
  compiled: CompileResult,
  options: RunOptions,
): Promise<ActionResult> {
  const result: ActionResult = {
    name: action.name,
    kind: action.kind,
    fileName: action.fileName,
    status: "succeeded",
    startedAt: new Date(),
    finishedAt: null,
    rowsAffected: null,
    error: null,
    sqlHash: null,
    statements: [],
    restoredViews: [],
  };
  const client = await warehouse.pool.connect();
  let index = 0;
  let steps: Step[] = [];
  try {
    const schema = action.target.schema ?? "";
    const name = action.target.name ?? "";
    if (!options.dryRun) await client.query("begin");
    const metadata = action.kind === "operations" ? undefined : await relationMetadata(client, schema, name);
    steps = actionSteps(action, adapter, compiled, action.table ? metadata : undefined, Boolean(options.fullRefresh));
    result.statements = steps.map((s) => s.statement);
    result.sqlHash = hashStatements(result.statements);
    if (options.dryRun) return result;

    // Only a relation that already exists can have views built on it.
    const views = metadata ? await dependentViews(client, schema, name) : [];
    let failingRows: number | null = null;
    for (index = 0; index < steps.length; index++) {
      const step = steps[index]!;
      const outcome = await client.query(step.statement);
      if (step.main) result.rowsAffected = rowCount(outcome);
      if (step.check) {
        const rows = Array.isArray(outcome) ? outcome[outcome.length - 1]!.rows : outcome.rows;
        const count = rows[0]?.row_count;
        if (count !== null && count !== undefined && Number(count) > 0) failingRows = Number(count);
        result.rowsAffected = failingRows ?? 0;
      }
    }
    result.restoredViews = await restoreViews(client, views);
    // A failing assertion keeps its view committed, so the failing rows can be inspected.
    await client.query("commit");
    if (failingRows !== null) {
      result.status = "failed";
      result.error = `assertion failed: ${failingRows} row(s) in ${action.name}`;
    }
  } catch (error) {
    if (!options.dryRun) await client.query("rollback").catch(() => {});
    result.status = "failed";
    result.error = describeError(error, index, steps.length);
  } finally {
    client.release();
    result.finishedAt = new Date();
  }
  return result;
}

function notRun(action: GraphAction, status: ActionStatus, error: string | null): ActionResult {
  return {
    name: action.name,
    kind: action.kind,
    fileName: action.fileName,
    status,
    startedAt: null,
    finishedAt: null,
    rowsAffected: null,
    error,
    sqlHash: null,
    statements: [],
    restoredViews: [],
  };
}

async function ensureSchemas(warehouse: Warehouse, actions: GraphAction[]): Promise<void> {
  const schemas = [...new Set(actions.map((a) => a.target.schema).filter((s): s is string => Boolean(s)))];
  for (const schema of schemas) {
    await sql`create schema if not exists ${sql.id(schema)}`.execute(warehouse.db);
  }
}

/** Run the selected actions of a compiled project; never throws for a failing action. */
export async function runTransform(warehouse: Warehouse, compiled: CompileResult, options: RunOptions = {}): Promise<RunResult> {
  const startedAt = new Date();
  const all = graphActions(compiled.graph);
  const selected = selectActions(all, options);
  const waitsFor = runDependencies(selected);
  const cascades = cascadeViews(all);
  const concurrency = Math.max(1, options.concurrency ?? compiled.projectConfig.concurrentQueryLimit ?? 2);
  const adapter = core.adapters.create(compiled.projectConfig, core.version);
  options.onEvent?.({ type: "planned", total: selected.length });

  let runId: number | null = null;
  if (!options.dryRun) {
    await migrateToLatest(warehouse);
    await ensureSchemas(warehouse, selected);
    const row = await warehouse.db
      .insertInto("ops.transform_runs")
      .values({
        started_at: startedAt,
        status: "running",
        options: JSON.stringify({
          actions: options.actions ?? [],
          tags: options.tags ?? [],
          includeDeps: Boolean(options.includeDeps),
          includeDependents: Boolean(options.includeDependents),
          fullRefresh: Boolean(options.fullRefresh),
          vars: compiled.projectConfig.vars ?? {},
          concurrency,
        }),
        actions_total: selected.length,
      })
      .returning("run_id")
      .executeTakeFirstOrThrow();
    runId = row.run_id;
  }

  const results = new Map<string, ActionResult>();
  const record = async (result: ActionResult) => {
    results.set(result.name, result);
    if (runId !== null) {
      await warehouse.db
        .insertInto("ops.action_runs")
        .values({
          run_id: runId,
          action_name: result.name,
          action_type: result.kind,
          started_at: result.startedAt,
          finished_at: result.finishedAt,
          status: result.status,
          rows_affected: result.rowsAffected,
          error: result.error,
          sql_hash: result.sqlHash,
        })
        .execute();
    }
    options.onEvent?.({ type: "finished", result });
  };

  const pending = new Map(selected.map((a) => [a.name, a]));
  const running = new Map<string, Promise<void>>();
  while (pending.size > 0 || running.size > 0) {
    // Settle what cannot run: disabled actions, and dependents of failures (transitively).
    let settled = true;
    while (settled) {
      settled = false;
      for (const action of [...pending.values()]) {
        const blocker = waitsFor
          .get(action.name)!
          .map((d) => results.get(d))
          .find((r) => r && (r.status === "failed" || r.status === "skipped"));
        if (action.disabled) {
          pending.delete(action.name);
          await record(notRun(action, "disabled", null));
          settled = true;
        } else if (blocker) {
          pending.delete(action.name);
          const why = blocker.status === "failed" ? "failed" : "was skipped";
          await record(notRun(action, "skipped", `dependency ${blocker.name} ${why}`));
          settled = true;
        }
      }
    }
    const ready = [...pending.values()].filter((a) => waitsFor.get(a.name)!.every((d) => results.has(d)));
    for (const action of ready) {
      if (running.size >= concurrency) break;
      const views = cascades.get(action.name)!;
      const clashes = [...running.keys()].some((name) => [...cascades.get(name)!].some((view) => views.has(view)));
      if (clashes) continue;
      pending.delete(action.name);
      options.onEvent?.({ type: "started", action });
      const task = executeAction(warehouse, action, adapter, compiled, options)
        .then(record)
        .finally(() => running.delete(action.name));
      running.set(action.name, task);
    }
    if (running.size > 0) await Promise.race(running.values());
    else if (pending.size > 0) {
      // Nothing runs and nothing is ready: only a dependency cycle could do this, and core rejects those.
      throw new Error(`cannot order actions: ${[...pending.keys()].join(", ")}`);
    }
  }

  const ordered = selected.map((a) => results.get(a.name)!);
  const failed = ordered.filter((r) => r.status === "failed");
  const status = failed.length === 0 ? "succeeded" : "failed";
  const finishedAt = new Date();
  if (runId !== null) {
    await warehouse.db
      .updateTable("ops.transform_runs")
      .set({
        finished_at: finishedAt,
        status,
        actions_succeeded: ordered.filter((r) => r.status === "succeeded").length,
        actions_failed: failed.length,
        actions_skipped: ordered.filter((r) => r.status === "skipped").length,
        error: failed.length > 0 ? failed.map((r) => `${r.name}: ${r.error}`).join("\n") : null,
      })
      .where("run_id", "=", runId)
      .execute();
  }
  return { runId, status, results: ordered, startedAt, finishedAt };
}
