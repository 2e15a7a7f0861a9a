// `jiandu run`: the stages of the nightly job in order (ingest, transform, score, site, publish), one run at a time,
// each recorded in ops.pipeline_runs with its counts and timing. A stage that fails stops the run, so the site is
// published only when every stage before it succeeded (and with them every assertion).
import { existsSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { ingestPaths } from "../ingest/ingest.ts";
import type { LoadReport } from "../ingest/load.ts";
import type { Warehouse } from "../warehouse/connection.ts";
import { compileOrThrow } from "../warehouse/dataform/compile.ts";
import { runTransform, type RunEvent } from "../warehouse/dataform/run.ts";
import { migrateToLatest } from "../warehouse/migrate.ts";
import { defaultScoringConfig, readScoringConfigFile, SCORING_CONFIG_FILE, type ScoringConfig } from "../scoring/config.ts";
import { scoreWarehouse } from "../scoring/score.ts";
import { projectRoot } from "../warehouse/project.ts";
import { chooseInbox } from "./inbox.ts";
import { acquirePipelineLock } from "./lock.ts";
import { buildsDir, ensureSiteRoot, newBuildId, publishBuild, pruneBuilds, siteRoot } from "./publish.ts";
import { buildSite } from "./site.ts";

export const STAGES = ["ingest", "transform", "score", "site", "publish"] as const;
export type StageName = (typeof STAGES)[number];

export interface StageResult {
  stage: StageName;
  status: "succeeded" | "failed" | "skipped";
  started_at: string | null;
  finished_at: string | null;
  counts: Record<string, number>;
  error: string | null;
}

export interface PipelineOptions {
  from?: StageName;
  to?: StageName;
  fullRefresh?: boolean;
  trigger?: "manual" | "schedule";
  /** Folder to ingest; default: the inbox, or the bundled sample when the inbox is empty. */
  inbox?: string;
  /** Dataform project; default: this project. */
  projectDir?: string;
  concurrency?: number;
  onLoad?: (report: LoadReport) => void;
  onTransformEvent?: (event: RunEvent) => void;
  onStage?: (result: StageResult) => void;
  onMessage?: (message: string) => void;
  /** Scoring overrides file; default: JIANDU_SCORING_CONFIG, else scoring.config.json in the project if present. */
  scoringConfig?: string;
  /** Where builds and the published site live; default: JIANDU_SITE_DIR, else .jiandu/site. */
  siteDir?: string;
  /** Builds kept after publishing (the published one always is); default 7. */
  keepBuilds?: number;
  /** Lines of Framework's output during the site stage. */
  onSiteOutput?: (line: string) => void;
}

export interface PipelineResult {
  runId: number;
  status: "succeeded" | "failed";
  stages: StageResult[];
  error: string | null;
  startedAt: Date;
  finishedAt: Date;
}

export function parseStage(value: string): StageName {
  if ((STAGES as readonly string[]).includes(value)) return value as StageName;
  throw new Error(`unknown stage "${value}"; stages: ${STAGES.join(", ")}`);
}

function selectedStages(options: PipelineOptions): StageName[] {
  const from = STAGES.indexOf(options.from ?? STAGES[0]);
  const to = STAGES.indexOf(options.to ?? STAGES[STAGES.length - 1]!);
  if (from > to) throw new Error(`--from ${options.from} comes after --to ${options.to}`);
  return STAGES.slice(from, to + 1);
}

type StageOutcome = { counts: Record<string, number>; error: string | null };

/** What one stage hands to a later one within a run. */
interface RunContext {
  runId: number;
  build?: { id: string; dir: string };
}

async function ingestStage(warehouse: Warehouse, options: PipelineOptions): Promise<StageOutcome> {
  const folder = options.inbox ?? (await chooseInbox(options.onMessage)).folder;
  const reports = await ingestPaths(warehouse, [folder], { onReport: options.onLoad });
  const failed = reports.filter((r) => r.status === "failed");
  const sum = (pick: (r: LoadReport) => number) => reports.reduce((total, r) => total + pick(r), 0);
  return {
    counts: {
      files_loaded: reports.filter((r) => r.status === "loaded").length,
      files_skipped: reports.filter((r) => r.status === "skipped").length,
      files_failed: failed.length,
      rows_landed: sum((r) => r.rowsLoaded),
      rows_rejected: sum((r) => r.rowsRejected),
    },
    error: failed.length > 0 ? failed.map((r) => `${r.file}: ${r.error}`).join("\n") : null,
  };
}

async function transformStage(warehouse: Warehouse, options: PipelineOptions): Promise<StageOutcome> {
  const compiled = compileOrThrow({ projectDir: options.projectDir });
  const result = await runTransform(warehouse, compiled, {
    fullRefresh: options.fullRefresh,
    concurrency: options.concurrency,
    onEvent: options.onTransformEvent,
  });
  const count = (status: string) => result.results.filter((r) => r.status === status).length;
  const failed = result.results.filter((r) => r.status === "failed");
  return {
    counts: {
      actions: result.results.length,
      succeeded: count("succeeded"),
      failed: failed.length,
      skipped: count("skipped"),
      assertions_failed: failed.filter((r) => r.kind === "assertion").length,
    },
    error: failed.length > 0 ? failed.map((r) => `${r.name}: ${r.error}`).join("\n") : null,
  };
}

function scoringConfig(options: PipelineOptions): ScoringConfig {
  // A file named by the option or the environment must be readable; the project's own file is optional.
  const named = options.scoringConfig ?? process.env.JIANDU_SCORING_CONFIG;
  if (named !== undefined) return readScoringConfigFile(named);
  const projectFile = join(projectRoot, SCORING_CONFIG_FILE);
  return existsSync(projectFile) ? readScoringConfigFile(projectFile) : defaultScoringConfig;
}

async function scoreStage(warehouse: Warehouse, options: PipelineOptions): Promise<StageOutcome> {
  const result = await scoreWarehouse(warehouse, scoringConfig(options));
  return {
    counts: {
      colours: result.colours,
      judgments: result.judgments,
      warnings: result.warningsOpen,
      warnings_new: result.warningsNew,
      requests_opened: result.requests.opened,
      requests_answered: result.requests.answered,
      requests_overdue: result.requests.overdue,
      requests_closed: result.requests.closed,
      recommendations: result.recommendations,
    },
    error: null,
  };
}

async function siteStage(warehouse: Warehouse, options: PipelineOptions, context: RunContext): Promise<StageOutcome> {
  const root = options.siteDir ?? siteRoot();
  ensureSiteRoot(root);
  const id = newBuildId(context.runId);
  const dir = join(buildsDir(root), id);
  await warehouse.db.insertInto("ops.site_builds").values({ build_id: id, run_id: context.runId, status: "building", folder: dir }).execute();
  const started = Date.now();
  try {
    const build = await buildSite({ outDir: dir, databaseUrl: warehouse.url, onOutput: options.onSiteOutput });
    await warehouse.db
      .updateTable("ops.site_builds")
      .set({ status: "built", finished_at: new Date(), pages: build.pages, files: build.files, bytes: build.bytes })
      .where("build_id", "=", id)
      .execute();
    context.build = { id, dir };
    return { counts: { pages: build.pages, files: build.files, bytes: build.bytes, seconds: Math.round((Date.now() - started) / 100) / 10 }, error: null };
  } catch (error) {
    await warehouse.db
      .updateTable("ops.site_builds")
      .set({ status: "failed", finished_at: new Date(), error: (error as Error).message })
      .where("build_id", "=", id)
      .execute();
    throw error;
  }
}

async function publishStage(warehouse: Warehouse, options: PipelineOptions, context: RunContext): Promise<StageOutcome> {
  if (!context.build) throw new Error("publish needs a site built in the same run: start at --from site or earlier");
  const root = options.siteDir ?? siteRoot();
  publishBuild(context.build.id, root);
  await warehouse.db
    .updateTable("ops.site_builds")
    .set({ status: "published", published_at: new Date() })
    .where("build_id", "=", context.build.id)
    .execute();
  const removed = pruneBuilds(options.keepBuilds ?? 7, root);
  if (removed.length > 0) {
    await warehouse.db.updateTable("ops.site_builds").set({ status: "discarded" }).where("build_id", "in", removed).execute();
  }
  return { counts: { published: 1, builds_removed: removed.length }, error: null };
}

const RUNNERS: Record<StageName, (warehouse: Warehouse, options: PipelineOptions, context: RunContext) => Promise<StageOutcome>> = {
  ingest: ingestStage,
  transform: transformStage,
  score: scoreStage,
  site: siteStage,
  publish: publishStage,
};

/** Run the selected stages. Throws PipelineBusy (and records nothing) when another run holds the lock. */
export async function runPipeline(warehouse: Warehouse, options: PipelineOptions = {}): Promise<PipelineResult> {
  const stages = selectedStages(options);
  await migrateToLatest(warehouse);
  const lock = await acquirePipelineLock(warehouse);
  try {
    // Holding the lock, any row still "running" belongs to a process that died mid-run.
    await warehouse.db
      .updateTable("ops.pipeline_runs")
      .set({ status: "failed", finished_at: new Date(), error: "interrupted: the process ended before the run finished" })
      .where("status", "=", "running")
      .execute();
    const startedAt = new Date();
    const { run_id: runId } = await warehouse.db
      .insertInto("ops.pipeline_runs")
      .values({
        trigger: options.trigger ?? "manual",
        started_at: startedAt,
        status: "running",
        options: JSON.stringify({ stages, fullRefresh: Boolean(options.fullRefresh), inbox: options.inbox ?? null }),
        host: hostname(),
        pid: process.pid,
      })
      .returning("run_id")
      .executeTakeFirstOrThrow();

    const results: StageResult[] = [];
    const context: RunContext = { runId };
    let error: string | null = null;
    for (const stage of stages) {
      const result: StageResult = { stage, status: "skipped", started_at: null, finished_at: null, counts: {}, error: null };
      if (error === null) {
        result.started_at = new Date().toISOString();
        try {
          const outcome = await RUNNERS[stage](warehouse, options, context);
          result.counts = outcome.counts;
          result.error = outcome.error;
        } catch (caught) {
          result.error = (caught as Error).message;
        }
        result.finished_at = new Date().toISOString();
        result.status = result.error === null ? "succeeded" : "failed";
        if (result.error !== null) error = `${stage} failed: ${result.error}`;
      }
      results.push(result);
      options.onStage?.(result);
      await warehouse.db
        .updateTable("ops.pipeline_runs")
        .set({ stages: JSON.stringify(results) })
        .where("run_id", "=", runId)
        .execute();
    }
    const finishedAt = new Date();
    const status = error === null ? "succeeded" : "failed";
    await warehouse.db
      .updateTable("ops.pipeline_runs")
      .set({ status, finished_at: finishedAt, error })
      .where("run_id", "=", runId)
      .execute();
    return { runId, status, stages: results, error, startedAt, finishedAt };
  } finally {
    await lock.release();
  }
}
