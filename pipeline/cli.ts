// The `jiandu` command: one entry point for every stage, with --help on each command.
import { Command, InvalidArgumentError, Option } from "commander";
import { openWarehouse, redactUrl } from "../warehouse/connection.ts";
import { EMBEDDED_DATABASE, embeddedStatus, embeddedUrl, startEmbedded, stopEmbedded } from "../warehouse/embedded.ts";
import { CompileFailure, compileOrThrow, compileProject, formatProblem } from "../warehouse/dataform/compile.ts";
import { graphSummary } from "../warehouse/dataform/describe.ts";
import { renderModelsMarkdown } from "../warehouse/dataform/models-doc.ts";
import { runTransform, type RunOptions } from "../warehouse/dataform/run.ts";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderContractsJson, renderContractsMarkdown } from "../ingest/contracts/docs.ts";
import { inboxDir, ingestPaths } from "../ingest/ingest.ts";
import { DEFAULT_END, generateSample, parseScale } from "../ingest/sample/generate.ts";
import { projectRoot } from "../warehouse/project.ts";
import { migrateToLatest } from "../warehouse/migrate.ts";
import { SCORING_CONFIG_FILE } from "../scoring/config.ts";
import { scoreWarehouse } from "../scoring/score.ts";
import { publishedBuild, publishedPath, siteRoot } from "./publish.ts";
import { serveSite } from "./serve.ts";
import { previewSite } from "./site.ts";
import { printIngestSummary, printLoad } from "./ingest-report.ts";
import { printPipelineSummary, printRuns, printStage, siteProgressPrinter } from "./run-report.ts";
import { parseStage, runPipeline, STAGES, type StageName } from "./run.ts";
import { DEFAULT_CRON, DEFAULT_TIMEZONE, startScheduler, validateSchedule } from "./schedule.ts";
import { pino } from "pino";
import { printDryRun, printRunSummary, progressPrinter } from "./transform-report.ts";

/** `--vars a=1,b=2` as Dataform's CLI takes them. */
export function parseVars(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const vars = { ...previous };
  for (const pair of value.split(",").filter(Boolean)) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new InvalidArgumentError(`expected key=value, got "${pair}"`);
    vars[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return vars;
}

function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a whole number >= 1, got "${value}"`);
  return n;
}

const collect = (value: string, previous: string[] = []) => [...previous, ...value.split(",").filter(Boolean)];

interface TransformFlags {
  actions?: string[];
  tags?: string[];
  includeDeps?: boolean;
  includeDependents?: boolean;
  fullRefresh?: boolean;
  dryRun?: boolean;
  vars?: Record<string, string>;
  concurrency?: number;
}

function addTransformFlags(command: Command): Command {
  return command
    .option("--actions <names>", "run only these actions (schema.name or name; comma-separated or repeated)", collect)
    .option("--tags <tags>", "run only actions with these tags (comma-separated or repeated)", collect)
    .option("--include-deps", "also run the dependencies of the selected actions")
    .option("--include-dependents", "also run the actions that depend on the selected ones")
    .option("--full-refresh", "rebuild incremental tables from scratch (protected tables excepted)")
    .option("--dry-run", "print the SQL each action would run, run nothing")
    .option("--vars <key=value,...>", "override dataform.json vars at compile time", parseVars)
    .option("--concurrency <n>", "actions executing at once (default: dataform.json concurrentQueryLimit)", parsePositiveInt);
}

async function transform(flags: TransformFlags, projectDir?: string): Promise<boolean> {
  const compiled = compileOrThrow({ projectDir, vars: flags.vars });
  const concurrency = flags.concurrency ?? compiled.projectConfig.concurrentQueryLimit ?? 2;
  const warehouse = await openWarehouse({ maxConnections: concurrency + 2 });
  try {
    const options: RunOptions = { ...flags, concurrency };
    if (flags.dryRun) {
      const result = await runTransform(warehouse, compiled, options);
      printDryRun(result);
      return true;
    }
    const result = await runTransform(warehouse, compiled, { ...options, onEvent: progressPrinter(process.stderr) });
    printRunSummary(result, process.stdout);
    return result.status === "succeeded";
  } finally {
    await warehouse.close();
  }
}

export function buildProgram(): Command {
  const program = new Command("jiandu")
    .description("监督 jiandu — land, model, score and publish judicial supervision data")
    .option("--verbose", "print error details and stack traces")
    .showHelpAfterError();

  program
    .command("compile")
    .argument("[project-dir]", "Dataform project folder (default: this project)")
    .description("compile definitions/ and includes/ with Dataform core and report the graph")
    .option("--json", "print the compiled graph as JSON (actions, dependencies, columns)")
    .addOption(new Option("--vars <key=value,...>", "override dataform.json vars").argParser(parseVars))
    .action((projectDir: string | undefined, flags: { json?: boolean; vars?: Record<string, string> }) => {
      const result = compileProject({ projectDir, vars: flags.vars });
      const summary = graphSummary(result);
      if (flags.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      else {
        const counts = new Map<string, number>();
        for (const a of summary.actions) counts.set(a.type, (counts.get(a.type) ?? 0) + 1);
        const parts = [...counts].map(([type, n]) => `${n} ${type}`).join(", ");
        process.stdout.write(`compiled ${summary.actions.length} actions (${parts || "none"})\n`);
      }
      if (result.problems.length > 0) throw new CompileFailure(result.problems);
    });

  addTransformFlags(
    program
      .command("transform")
      .argument("[project-dir]", "Dataform project folder (default: this project)")
      .description("run the Dataform graph on the warehouse (tables, views, incrementals, assertions)"),
  ).action(async (projectDir: string | undefined, flags: TransformFlags) => {
    if (!(await transform(flags, projectDir))) process.exitCode = 1;
  });

  program
    .command("ingest")
    .description("land files into raw.<source>: validate every row, quarantine bad rows in ops.rejected_rows")
    .argument("<paths...>", "files or folders (folders are read recursively; data/inbox/<source>/ names the source)")
    .option("--source <name>", "the source of every file given (default: from the folder or file name)")
    .addOption(new Option("--encoding <encoding>", "encoding of CSV files (default: detected)").choices(["utf-8", "gbk", "gb18030"]))
    .option("--sheet <name>", "worksheet of XLSX files (default: the first)")
    .action(async (paths: string[], flags: { source?: string; encoding?: "utf-8" | "gbk" | "gb18030"; sheet?: string }) => {
      const warehouse = await openWarehouse();
      try {
        const reports = await ingestPaths(warehouse, paths, { ...flags, onReport: (r) => printLoad(r, process.stderr) });
        printIngestSummary(reports, process.stdout);
        if (reports.some((r) => r.status === "failed")) process.exitCode = 1;
      } finally {
        await warehouse.close();
      }
    });

  program
    .command("sample")
    .description("write a deterministic sample of every source (five years, all agencies, planted problems) into the inbox")
    .option("--years <n>", "years of monthly data", (v) => parsePositiveInt(v), 5)
    .option("--end <YYYY-MM>", "last month of the sample", DEFAULT_END)
    .option("--scale <scale>", "city (Hangzhou's volumes), province (~11 cities' worth) or a multiplier", "city")
    .option("--seed <n>", "random seed", (v) => parsePositiveInt(v), 20240305)
    .option("--out <folder>", "where to write (default: data/inbox)", inboxDir)
    .option("--clean", "empty the output folder first")
    .action(async (flags: { years: number; end: string; scale: string; seed: number; out: string; clean?: boolean }) => {
      const started = Date.now();
      const manifest = await generateSample({
        ...flags,
        scale: parseScale(flags.scale),
        onFile: (f) => process.stderr.write(`  ${f.path}  ${f.rows.toLocaleString("en")} rows${f.expected_rejected ? ` (${f.expected_rejected} bad on purpose)` : ""}\n`),
      });
      const rows = manifest.files.reduce((sum, f) => sum + f.rows, 0);
      process.stdout.write(
        `sample: ${manifest.files.length} files, ${rows.toLocaleString("en")} rows, ${manifest.planted.length} planted problems ` +
          `in ${flags.out} (${((Date.now() - started) / 1000).toFixed(1)}s); manifest: ${join(flags.out, "manifest.json")}\n`,
      );
    });

  program
    .command("docs")
    .description("regenerate the generated files: docs/data-contracts.md, includes/contracts.json, docs/models.md")
    .action(() => {
      const write = (file: string, content: string) => {
        writeFileSync(file, content);
        process.stdout.write(`wrote ${file}\n`);
      };
      write(join(projectRoot, "docs", "data-contracts.md"), renderContractsMarkdown());
      write(join(projectRoot, "includes", "contracts.json"), renderContractsJson());
      // The models page compiles the graph, which declares its sources from includes/contracts.json.
      write(join(projectRoot, "docs", "models.md"), renderModelsMarkdown(graphSummary(compileOrThrow())));
    });

  const db = program.command("db").description("manage the embedded PostgreSQL (ignored when DATABASE_URL is set)");
  db.command("start")
    .description("start the embedded server and leave it running for other commands")
    .action(async () => {
      const cluster = await startEmbedded();
      process.stdout.write(`${cluster.owned ? "started" : "already running"} on port ${cluster.port} (${cluster.dataDir})\n`);
    });
  db.command("stop")
    .description("stop the embedded server")
    .action(async () => {
      const { dataDir } = embeddedStatus();
      process.stdout.write((await stopEmbedded(dataDir)) ? "stopped\n" : "not running\n");
    });
  db.command("status")
    .description("say whether the embedded server is running, and where its data is")
    .action(() => {
      if (process.env.DATABASE_URL) {
        process.stdout.write(`DATABASE_URL is set: ${redactUrl(process.env.DATABASE_URL)} (embedded server not used)\n`);
      }
      const status = embeddedStatus();
      const state = status.port !== null ? `running on port ${status.port}` : status.initialised ? "stopped" : "not initialised";
      process.stdout.write(`embedded PostgreSQL ${state}; data in ${status.dataDir}\n`);
      if (status.port === null) process.exitCode = 3;
    });
  db.command("psql-url")
    .description("print the connection URL of the running warehouse, e.g. psql \"$(jiandu db psql-url)\"")
    .action(() => {
      if (process.env.DATABASE_URL) {
        process.stdout.write(`${process.env.DATABASE_URL}\n`);
        return;
      }
      const { port } = embeddedStatus();
      if (port === null) throw new Error("the embedded server is not running; start it with `jiandu db start`");
      process.stdout.write(`${embeddedUrl(port, EMBEDDED_DATABASE)}\n`);
    });

  program
    .command("score")
    .description("colour every indicator value (interval, funnel, trend), judge each agency, write warnings (scoring.*)")
    .option("--period <YYYY-MM>", "the month whose findings become warnings and recommendations (default: the latest with data)", (v) => {
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(v)) throw new InvalidArgumentError(`expected a month like 2026-11, got "${v}"`);
      return v;
    })
    .action(async (flags: { period?: string }) => {
      const warehouse = await openWarehouse();
      try {
        const result = await scoreWarehouse(warehouse, undefined, { period: flags.period });
        process.stdout.write(
          `score ${result.configVersion}: ${result.colours.toLocaleString("en")} values coloured, ${result.judgments.toLocaleString("en")} judgments, ` +
            `${result.warningsOpen} warnings for ${result.latestMonth?.slice(0, 7) ?? "-"} (${result.warningsNew} new); ` +
            `requests: ${result.requests.opened} opened, ${result.requests.answered} answered, ${result.requests.overdue} overdue, ${result.requests.closed} closed; ` +
            `${result.recommendations} supervision recommendations\n`,
        );
      } finally {
        await warehouse.close();
      }
    });

  /** Run the pipeline once; resolves to whether it succeeded. */
  const runOnce = async (flags: { from?: StageName; to?: StageName; fullRefresh?: boolean; inbox?: string; keepBuilds?: number; scoringConfig?: string }) => {
    const concurrency = compileOrThrow().projectConfig.concurrentQueryLimit ?? 2;
    const warehouse = await openWarehouse({ maxConnections: concurrency + 4 });
    try {
      const result = await runPipeline(warehouse, {
        ...flags,
        concurrency,
        onMessage: (message) => process.stderr.write(`${message}\n`),
        onLoad: (r) => {
          if (r.status !== "skipped") printLoad(r, process.stderr);
        },
        onTransformEvent: progressPrinter(process.stderr),
        onStage: (stage) => printStage(stage, process.stderr),
        onSiteOutput: siteProgressPrinter(process.stderr),
      });
      printPipelineSummary(result, process.stdout);
      return result.status === "succeeded";
    } finally {
      await warehouse.close();
    }
  };

  const runCommand = (name: string, description: string) =>
    program
      .command(name)
      .description(description)
      .addOption(new Option("--from <stage>", `first stage (${STAGES.join(", ")})`).argParser(parseStage))
      .addOption(new Option("--to <stage>", "last stage").argParser(parseStage))
      .option("--full-refresh", "rebuild incremental tables from scratch")
      .option("--inbox <folder>", "folder to ingest (default: data/inbox, or the bundled sample when it is empty)")
      .option("--scoring-config <file>", `scoring overrides (default: JIANDU_SCORING_CONFIG, or ${SCORING_CONFIG_FILE} if present)`)
      .option("--keep-builds <n>", "site builds to keep after publishing", parsePositiveInt, 7);

  runCommand("run", "the nightly job once: ingest the inbox (or the bundled sample), transform, score, build the site, publish it; recorded in ops.pipeline_runs").action(
    async (flags) => {
      if (!(await runOnce(flags))) process.exitCode = 1;
    },
  );

  const serveOptions = (command: Command) =>
    command
      .option("--port <n>", "port to listen on", parsePositiveInt, Number(process.env.PORT ?? 3000))
      .option("--host <address>", "address to listen on (0.0.0.0 for other machines)", "127.0.0.1");

  const serve = async (flags: { port: number; host: string }) => {
    const siteDir = publishedPath();
    if (!publishedBuild()) throw new Error(`nothing is published in ${siteRoot()} yet; run \`jiandu run\` first`);
    const server = await serveSite({ siteDir, port: flags.port, host: flags.host });
    process.stdout.write(`serving the published site (${publishedBuild()}) at http://${flags.host}:${flags.port}/ — Ctrl-C to stop\n`);
    await new Promise<void>((resolve) => {
      const stop = () => server.close(() => resolve());
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
  };

  program
    .command("preview")
    .description("Framework's live preview of notebooks/ on the warehouse, for analysts editing pages (what npm run dev runs)")
    .option("--port <n>", "port to listen on", parsePositiveInt, 3000)
    .option("--host <address>", "address to listen on", "127.0.0.1")
    .action(async (flags: { port: number; host: string }) => {
      const warehouse = await openWarehouse();
      try {
        process.exitCode = await previewSite({ databaseUrl: warehouse.url, port: flags.port, host: flags.host });
      } finally {
        await warehouse.close();
      }
    });

  serveOptions(program.command("serve").description("serve the published site (static files; picks up each new publish without a restart)")).action(serve);

  serveOptions(
    runCommand("start", "what npm start runs: `jiandu run` on the default warehouse, then `jiandu serve` (a failed run serves the last published site)"),
  ).action(async (flags) => {
    const succeeded = await runOnce(flags);
    if (!succeeded) {
      process.exitCode = 1;
      if (!publishedBuild()) return;
      process.stderr.write("the run failed; serving the last published site instead\n");
    }
    await serve(flags);
  });

  program
    .command("schedule")
    .description("run the nightly job on a cron schedule until stopped (SIGTERM/Ctrl-C finish the run in progress first); JSON logs")
    .option("--cron <expression>", "when to run (5 fields, or 6 with seconds)", DEFAULT_CRON)
    .option("--timezone <zone>", "IANA time zone of the expression", DEFAULT_TIMEZONE)
    .action(async (flags: { cron: string; timezone: string }) => {
      validateSchedule(flags.cron, flags.timezone);
      const logger = pino({ base: { app: "jiandu" } });
      const concurrency = compileOrThrow().projectConfig.concurrentQueryLimit ?? 2;
      const warehouse = await openWarehouse({ maxConnections: concurrency + 4, handleSignals: false });
      const scheduler = startScheduler({
        expression: flags.cron,
        timezone: flags.timezone,
        logger,
        run: () => runPipeline(warehouse, { trigger: "schedule", concurrency }),
      });
      await new Promise<void>((resolve) => {
        const shutdown = (signal: string) => {
          logger.info({ event: "shutdown", signal }, "shutting down");
          void scheduler.stop().then(resolve);
        };
        process.once("SIGTERM", () => shutdown("SIGTERM"));
        process.once("SIGINT", () => shutdown("SIGINT"));
      });
      await warehouse.close();
    });

  program
    .command("runs")
    .description("list recent runs from ops.pipeline_runs")
    .option("--limit <n>", "how many", parsePositiveInt, 20)
    .action(async (flags: { limit: number }) => {
      const warehouse = await openWarehouse();
      try {
        await migrateToLatest(warehouse);
        const rows = await warehouse.db
          .selectFrom("ops.pipeline_runs")
          .select(["run_id", "trigger", "started_at", "finished_at", "status", "stages", "error"])
          .orderBy("run_id", "desc")
          .limit(flags.limit)
          .execute();
        printRuns(rows, process.stdout);
      } finally {
        await warehouse.close();
      }
    });

  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    const verbose = program.opts<{ verbose?: boolean }>().verbose;
    if (error instanceof CompileFailure) {
      process.stderr.write(`error: compilation failed with ${error.problems.length} problem(s)\n`);
      for (const p of error.problems) process.stderr.write(`  ${formatProblem(p)}\n`);
    } else {
      process.stderr.write(`error: ${(error as Error).message ?? String(error)}\n`);
      if (verbose && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
      else process.stderr.write("(run with --verbose for details)\n");
    }
    process.exitCode = 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await main(process.argv);
}
