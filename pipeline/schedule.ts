// `jiandu schedule`: the nightly rebuild as a long-running process. node-cron fires the job;
// a tick that comes while a run is still going is skipped and logged; the database lock keeps
// runs of other processes (a second scheduler, a manual `jiandu run`) out too.
import cron from "node-cron";
import type { Logger } from "pino";
import { PipelineBusy } from "./lock.ts";

export const DEFAULT_CRON = "0 2 * * *";
export const DEFAULT_TIMEZONE = "Asia/Shanghai";

/** Reject a bad expression or time zone before anything starts, with a message that says which. */
export function validateSchedule(expression: string, timezone: string): void {
  if (!cron.validate(expression)) {
    throw new Error(`invalid cron expression "${expression}": expected 5 fields (minute hour day month weekday) or 6 with seconds first`);
  }
  try {
    new Intl.DateTimeFormat("en", { timeZone: timezone });
  } catch {
    throw new Error(`unknown time zone "${timezone}": use an IANA name such as Asia/Shanghai`);
  }
}

export interface Scheduler {
  /** Stop firing, then wait for a run in progress to finish. */
  stop(): Promise<void>;
  nextRun(): Date | null;
}

export function startScheduler(options: {
  expression: string;
  timezone: string;
  logger: Logger;
  /** One run of the job; rejects with PipelineBusy when another process holds the lock. */
  run: () => Promise<{ runId: number; status: string; error: string | null }>;
}): Scheduler {
  const { logger } = options;
  validateSchedule(options.expression, options.timezone);
  let current: Promise<void> | null = null;

  const task = cron.schedule(
    options.expression,
    () => {
      if (current) {
        logger.warn({ event: "tick_skipped", reason: "the previous run is still going" }, "tick skipped");
        return;
      }
      logger.info({ event: "run_started" }, "run started");
      current = options
        .run()
        .then((result) => {
          const level = result.status === "succeeded" ? "info" : "error";
          logger[level]({ event: "run_finished", run_id: result.runId, status: result.status, error: result.error }, `run ${result.status}`);
        })
        .catch((error: unknown) => {
          if (error instanceof PipelineBusy) logger.warn({ event: "tick_skipped", reason: error.message }, "tick skipped");
          else logger.error({ event: "run_crashed", error: (error as Error).message }, "run crashed");
        })
        .finally(() => {
          current = null;
        });
    },
    { timezone: options.timezone, name: "jiandu-nightly" },
  );
  logger.info({ event: "scheduler_started", cron: options.expression, timezone: options.timezone, next_run: task.getNextRun() }, "scheduler started");

  return {
    async stop() {
      await task.stop();
      await task.destroy();
      if (current) {
        logger.info({ event: "waiting_for_run" }, "waiting for the run in progress to finish");
        await current;
      }
      logger.info({ event: "scheduler_stopped" }, "scheduler stopped");
    },
    nextRun: () => task.getNextRun(),
  };
}
