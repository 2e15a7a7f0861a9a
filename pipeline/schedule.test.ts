import { Writable } from "node:stream";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { PipelineBusy } from "./lock.ts";
import { startScheduler, validateSchedule } from "./schedule.ts";

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino(stream), events: () => lines.map((l) => l.event) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("jiandu schedule", () => {
  it("rejects a bad cron expression or time zone with a message that says which", () => {
    expect(() => validateSchedule("0 2 * *", "Asia/Shanghai")).toThrow(/invalid cron expression "0 2 \* \*"/);
    expect(() => validateSchedule("0 2 * * *", "Asia/Nowhere")).toThrow(/unknown time zone "Asia\/Nowhere"/);
    expect(() => validateSchedule("0 2 * * *", "Asia/Shanghai")).not.toThrow();
  });

  it("fires on its expression, skips a tick that comes while a run is going, and waits for the run on stop", async () => {
    const { logger, events } = capturingLogger();
    let runs = 0;
    let finished = 0;
    const scheduler = startScheduler({
      expression: "* * * * * *",
      timezone: "Asia/Shanghai",
      logger,
      run: async () => {
        runs++;
        await sleep(2_300);
        finished++;
        return { runId: runs, status: "succeeded", error: null };
      },
    });
    await sleep(3_500);
    await scheduler.stop();
    expect(runs).toBeGreaterThanOrEqual(1);
    expect(finished).toBe(runs);
    expect(events()).toContain("tick_skipped");
    expect(events().filter((e) => e === "run_started")).toHaveLength(runs);
    expect(events().at(-1)).toBe("scheduler_stopped");
  });

  it("logs a tick skipped when another process holds the run lock", async () => {
    const { logger, events } = capturingLogger();
    const scheduler = startScheduler({
      expression: "* * * * * *",
      timezone: "UTC",
      logger,
      run: async () => {
        throw new PipelineBusy(" (run 7)");
      },
    });
    await sleep(1_500);
    await scheduler.stop();
    expect(events()).toContain("tick_skipped");
    expect(events()).not.toContain("run_crashed");
  });
});
