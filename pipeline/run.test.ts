import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataformProject, testWarehouse, type TestWarehouse } from "../test/warehouse.ts";
import { acquirePipelineLock, PipelineBusy } from "./lock.ts";
import { runPipeline } from "./run.ts";

let warehouse: TestWarehouse;
const inbox = mkdtempSync(join(tmpdir(), "jiandu-inbox-"));
const goodProject = dataformProject({
  "definitions/raw.js": `declare({ schema: "raw", name: "police_monthly_reports" });`,
  "definitions/complaints.sqlx": `config { type: "table", schema: "p_marts" }
select agency_code, sum(complaints) as complaints from \${ref("raw", "police_monthly_reports")} group by 1`,
});
const failingProject = dataformProject({
  "definitions/broken.sqlx": `config { type: "table", schema: "p_marts" }\nselect no_such_column from pg_class`,
});

beforeAll(async () => {
  warehouse = await testWarehouse();
  mkdirSync(join(inbox, "police_monthly_reports"));
  writeFileSync(join(inbox, "police_monthly_reports", "2024-03.csv"), "单位代码,统计月份,涉警投诉数\nGA330106,2024-03,14\nGA330109,2024-03,40\n");
});
afterAll(async () => {
  await warehouse.close();
});

const lastRun = async () =>
  (await warehouse.rows<{ run_id: number; status: string; stages: { stage: string; status: string; counts: Record<string, number> }[]; error: string | null }>(
    "select run_id, status, stages, error from ops.pipeline_runs order by run_id desc limit 1",
  ))[0]!;

describe("jiandu run", () => {
  it("runs ingest then transform and records both stages with their counts", async () => {
    const result = await runPipeline(warehouse, { inbox, projectDir: goodProject, to: "transform" });
    expect(result.status).toBe("succeeded");
    const run = await lastRun();
    expect(run.status).toBe("succeeded");
    expect(run.stages.map((s) => [s.stage, s.status])).toEqual([["ingest", "succeeded"], ["transform", "succeeded"]]);
    const [reference] = await warehouse.rows<{ n: number }>(
      "select ((select count(*) from raw.ref_regions) + (select count(*) from raw.ref_agencies) + (select count(*) from raw.ref_supervision_bodies) + (select count(*) from raw.ref_indicators))::int as n",
    );
    expect(run.stages[0]!.counts).toMatchObject({ files_loaded: 5, rows_landed: 2 + reference!.n });
    expect(run.stages[1]!.counts).toMatchObject({ actions: 1, succeeded: 1 });
    expect(await warehouse.rows("select agency_code, complaints::int from p_marts.complaints order by 1")).toEqual([
      { agency_code: "GA330106", complaints: 14 },
      { agency_code: "GA330109", complaints: 40 },
    ]);
  });

  it("stops at a failing stage, marks the run failed with the reason, and leaves earlier tables in place", async () => {
    const result = await runPipeline(warehouse, { inbox, projectDir: failingProject });
    expect(result.status).toBe("failed");
    expect(result.error).toMatch(/transform failed: p_marts\.broken: column "no_such_column" does not exist/);
    const run = await lastRun();
    expect(run.status).toBe("failed");
    expect(run.error).toMatch(/no_such_column/);
    expect(await warehouse.rows("select count(*)::int as n from p_marts.complaints")).toEqual([{ n: 2 }]);
  });

  it("runs only the stages between --from and --to", async () => {
    const result = await runPipeline(warehouse, { inbox, projectDir: goodProject, from: "transform", to: "transform" });
    expect(result.stages.map((s) => s.stage)).toEqual(["transform"]);
    await expect(runPipeline(warehouse, { from: "transform", to: "ingest" })).rejects.toThrow(/--from transform comes after --to ingest/);
  });

  it("refuses a second run while one holds the lock, naming it, and records nothing for the refused one", async () => {
    const before = (await lastRun()).run_id;
    const lock = await acquirePipelineLock(warehouse);
    try {
      await expect(runPipeline(warehouse, { inbox, projectDir: goodProject, to: "transform" })).rejects.toThrow(PipelineBusy);
    } finally {
      await lock.release();
    }
    expect((await lastRun()).run_id).toBe(before);
    expect((await runPipeline(warehouse, { inbox, projectDir: goodProject, to: "transform" })).status).toBe("succeeded");
  });

  it("marks a run left 'running' by a process that died as interrupted", async () => {
    await warehouse.rows(
      "insert into ops.pipeline_runs (trigger, status, options, host, pid) values ('schedule', 'running', '{}', 'elsewhere', 1)",
    );
    const stale = (await lastRun()).run_id;
    await runPipeline(warehouse, { inbox, projectDir: goodProject, to: "transform" });
    const [row] = await warehouse.rows("select status, error from ops.pipeline_runs where run_id = $1", [stale]);
    expect(row).toEqual({ status: "failed", error: "interrupted: the process ended before the run finished" });
  });
});
