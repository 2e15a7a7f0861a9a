import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataformProject, testWarehouse, writeProjectFiles, type TestWarehouse } from "../../test/warehouse.ts";
import { compileOrThrow } from "./compile.ts";
import { runTransform, type RunOptions, type RunResult } from "./run.ts";

let warehouse: TestWarehouse;

beforeAll(async () => {
  warehouse = await testWarehouse();
});

afterAll(async () => {
  await warehouse.close();
});

async function run(projectDir: string, options: RunOptions = {}): Promise<RunResult> {
  return runTransform(warehouse, compileOrThrow({ projectDir }), options);
}

function statusOf(result: RunResult): Record<string, string> {
  return Object.fromEntries(result.results.map((r) => [r.name, r.status]));
}

describe("tables and views", () => {
  it("builds in dependency order and records every action in ops", async () => {
    const dir = dataformProject({
      "definitions/src.sqlx": `config { type: "table", schema: "t1" }\nselect g as id from generate_series(1, 3) g`,
      "definitions/doubled.sqlx": `config { type: "view", schema: "t1" }\nselect id * 2 as id from \${ref("src")}`,
      "definitions/total.sqlx": `config { type: "table", schema: "t1" }\nselect sum(id) as total from \${ref("doubled")}`,
    });
    const result = await run(dir);
    expect(result.status).toBe("succeeded");
    expect(result.results.map((r) => r.name)).toEqual(["t1.doubled", "t1.src", "t1.total"]);
    expect(await warehouse.rows("select total::int from t1.total")).toEqual([{ total: 12 }]);

    const actions = await warehouse.rows<{ action_name: string; status: string; rows_affected: number | null; sql_hash: string }>(
      "select action_name, status, rows_affected, sql_hash from ops.action_runs where run_id = $1 order by started_at",
      [result.runId],
    );
    expect(actions.map((a) => a.action_name)).toEqual(["t1.src", "t1.doubled", "t1.total"]);
    expect(actions.map((a) => a.rows_affected)).toEqual([3, null, 1]);
    expect(actions.every((a) => /^[0-9a-f]{64}$/.test(a.sql_hash))).toBe(true);
    const [runRow] = await warehouse.rows("select status, actions_total, actions_succeeded, finished_at is not null as done from ops.transform_runs where run_id = $1", [result.runId]);
    expect(runRow).toEqual({ status: "succeeded", actions_total: 3, actions_succeeded: 3, done: true });
  });

  it("a failing rebuild leaves the previous table, its rows and its readers in place", async () => {
    const dir = dataformProject({
      "definitions/cases.sqlx": `config { type: "table", schema: "t2" }\nselect g as id from generate_series(1, 5) g`,
      "definitions/cases_view.sqlx": `config { type: "view", schema: "t2" }\nselect count(*) as n from \${ref("cases")}`,
      "definitions/downstream.sqlx": `config { type: "table", schema: "t2" }\nselect n from \${ref("cases_view")}`,
    });
    expect((await run(dir)).status).toBe("succeeded");

    // The new version divides by zero for one row: the error happens mid-rebuild.
    writeProjectFiles(dir, {
      "definitions/cases.sqlx": `config { type: "table", schema: "t2" }\nselect 10 / (g - 3) as id from generate_series(1, 5) g`,
    });
    const failed = await run(dir);
    expect(failed.status).toBe("failed");
    const cases = failed.results.find((r) => r.name === "t2.cases")!;
    expect(cases.status).toBe("failed");
    expect(cases.error).toMatch(/division by zero/);
    expect(statusOf(failed)["t2.cases_view"]).toBe("skipped");
    expect(failed.results.find((r) => r.name === "t2.downstream")!.error).toMatch(/dependency t2.cases_view was skipped/);

    expect(await warehouse.rows("select id from t2.cases order by id")).toEqual([1, 2, 3, 4, 5].map((id) => ({ id })));
    expect(await warehouse.rows("select n::int from t2.cases_view")).toEqual([{ n: 5 }]);
    const [error] = await warehouse.rows<{ error: string }>(
      "select error from ops.action_runs where run_id = $1 and action_name = 't2.cases'",
      [failed.runId],
    );
    expect(error!.error).toMatch(/division by zero/);
  });

  it("a selective rebuild keeps the views of unselected actions that read the table", async () => {
    const dir = dataformProject({
      "definitions/base.sqlx": `config { type: "table", schema: "t3" }\nselect 1 as id`,
      "definitions/reader.sqlx": `config { type: "view", schema: "t3" }\nselect id from \${ref("base")}`,
      "definitions/reader_of_reader.sqlx": `config { type: "view", schema: "t3" }\nselect id + 1 as id from \${ref("reader")}`,
    });
    await run(dir);
    writeProjectFiles(dir, { "definitions/base.sqlx": `config { type: "table", schema: "t3" }\nselect 2 as id` });
    const result = await run(dir, { actions: ["base"] });
    expect(result.results.map((r) => r.name)).toEqual(["t3.base"]);
    expect(result.results[0]!.restoredViews).toEqual(["t3.reader", "t3.reader_of_reader"]);
    expect(await warehouse.rows("select id from t3.reader_of_reader")).toEqual([{ id: 3 }]);
  });

  it("runs pre- and post-operations inside the action, and operations files", async () => {
    const dir = dataformProject({
      "definitions/setup.sqlx": `config { type: "operations", schema: "t4", hasOutput: true }
create table if not exists t4.setup (note text);
insert into t4.setup values ('ran')`,
      "definitions/with_ops.sqlx": `config { type: "table", schema: "t4", dependencies: ["setup"] }
pre_operations { insert into t4.setup values ('pre') }
select count(*) as n from \${ref("setup")}
post_operations { create index on \${self()} (n) }`,
    });
    const result = await run(dir);
    expect(result.status).toBe("succeeded");
    expect(await warehouse.rows("select note from t4.setup order by note")).toEqual([{ note: "pre" }, { note: "ran" }]);
    expect(await warehouse.rows("select n::int from t4.with_ops")).toEqual([{ n: 2 }]);
    const indexes = await warehouse.rows("select indexname from pg_indexes where schemaname = 't4' and tablename = 'with_ops'");
    expect(indexes).toHaveLength(1);
  });

  it("reports disabled actions without running them and still runs their dependents", async () => {
    const dir = dataformProject({
      "definitions/off.sqlx": `config { type: "table", schema: "t5", disabled: true }\nselect 1 as id`,
      "definitions/on.sqlx": `config { type: "table", schema: "t5", dependencies: ["off"] }\nselect 2 as id`,
    });
    const result = await run(dir);
    expect(statusOf(result)).toEqual({ "t5.off": "disabled", "t5.on": "succeeded" });
    expect(await warehouse.rows("select to_regclass('t5.off') is null as absent")).toEqual([{ absent: true }]);
  });

  it("passes --vars to compilation", async () => {
    const dir = dataformProject({
      "definitions/v.sqlx": `config { type: "table", schema: "t6" }\nselect '\${dataform.projectConfig.vars.region}'::text as region`,
    });
    const compiled = compileOrThrow({ projectDir: dir, vars: { region: "330106" } });
    await runTransform(warehouse, compiled);
    expect(await warehouse.rows("select region from t6.v")).toEqual([{ region: "330106" }]);
  });
});

describe("assertions", () => {
  const project = (rows: string) =>
    dataformProject({
      "definitions/facts.sqlx": `config {
  type: "table", schema: "a1",
  assertions: { uniqueKey: ["id"], nonNull: ["id"], rowConditions: ["rate between 0 and 1", "coalesce(id::text, 'none') <> 'it''s'"] }
}
select * from (values ${rows}) v(id, rate)`,
      "definitions/report.sqlx": `config { type: "table", schema: "a1" }\nselect count(*) as n from \${ref("facts")}`,
      "definitions/no_negative.sqlx": `config { type: "assertion", schema: "a1" }\nselect * from \${ref("facts")} where rate < 0`,
      "definitions/after_check.sqlx": `config { type: "table", schema: "a1", dependencies: ["no_negative"] }\nselect 1 as ok`,
    });

  it("pass on good data", async () => {
    const result = await run(project("(1, 0.5), (2, 0.9)"));
    expect(result.status).toBe("succeeded");
    expect(result.results.filter((r) => r.kind === "assertion")).toHaveLength(3);
  });

  it("fail on duplicate keys, nulls and broken row conditions, keeping the failing rows viewable", async () => {
    const result = await run(project("(1, 0.5), (1, 0.6), (null, 1.5), (3, -0.2)"));
    expect(result.status).toBe("failed");
    const failed = result.results.filter((r) => r.status === "failed").map((r) => r.name);
    expect(failed).toEqual(
      expect.arrayContaining(["assertions.a1_facts_assertions_uniqueKey_0", "assertions.a1_facts_assertions_rowConditions", "a1.no_negative"]),
    );
    // Rows breaking the non-null and range conditions are visible in the assertion's view.
    const broken = await warehouse.rows<{ failing_row_condition: string }>(
      `select failing_row_condition from assertions."a1_facts_assertions_rowConditions" order by 1`,
    );
    expect(broken.map((b) => b.failing_row_condition)).toEqual(
      expect.arrayContaining(["id IS NOT NULL", "rate between 0 and 1"]),
    );
  });

  it("block dependents: a failed check skips every action that reads the checked table or the assertion", async () => {
    const result = await run(project("(1, 0.5), (2, -1)"));
    const statuses = statusOf(result);
    expect(statuses["a1.no_negative"]).toBe("failed");
    expect(statuses["a1.after_check"]).toBe("skipped");
    expect(statuses["a1.report"]).toBe("skipped");
    expect(result.results.find((r) => r.name === "a1.report")!.error).toMatch(/dependency assertions\.a1_facts_assertions_rowConditions failed/);
  });
});

describe("incremental tables", () => {
  const events = (schema: string, uniqueKey: boolean, extra = "") =>
    `config { type: "incremental", schema: "${schema}"${uniqueKey ? `, uniqueKey: ["id"]` : ""}${extra} }
select id, label from ${"${ref(\"source\")}"}
${"${when(incremental(), `where id > (select coalesce(max(id), 0) from ${self()}) or label like 'changed%'`)}"}`;

  const source = (schema: string, values: string) => ({
    "definitions/source.sqlx": `config { type: "table", schema: "${schema}" }\nselect * from (values ${values}) v(id, label)`,
  });

  it("inserts only new rows when there is no unique key", async () => {
    const dir = dataformProject({ ...source("i1", "(1, 'a'), (2, 'b')"), "definitions/events.sqlx": events("i1", false) });
    await run(dir);
    writeProjectFiles(dir, source("i1", "(1, 'a'), (2, 'b'), (3, 'c')"));
    const second = await run(dir);
    expect(second.results.find((r) => r.name === "i1.events")!.rowsAffected).toBe(1);
    expect(await warehouse.rows("select id, label from i1.events order by id")).toEqual([
      { id: 1, label: "a" },
      { id: 2, label: "b" },
      { id: 3, label: "c" },
    ]);
  });

  it("merges on the unique key, and --full-refresh gives the same table as the increments", async () => {
    const dir = dataformProject({ ...source("i2", "(1, 'a'), (2, 'b')"), "definitions/events.sqlx": events("i2", true) });
    await run(dir);
    writeProjectFiles(dir, source("i2", "(1, 'a'), (2, 'changed b'), (3, 'c')"));
    const merged = await run(dir);
    expect(merged.status).toBe("succeeded");
    const statements = merged.results.find((r) => r.name === "i2.events")!.statements.join("\n");
    expect(statements).toMatch(/delete from "i2"\."events" using/);
    expect(statements).not.toMatch(/end transaction/);
    const afterMerge = await warehouse.rows("select id, label from i2.events order by id");
    expect(afterMerge).toEqual([
      { id: 1, label: "a" },
      { id: 2, label: "changed b" },
      { id: 3, label: "c" },
    ]);

    await warehouse.rows("insert into i2.events values (99, 'stray row only a rebuild removes')");
    const refreshed = await run(dir, { fullRefresh: true });
    expect(refreshed.results.find((r) => r.name === "i2.events")!.statements.join("\n")).toMatch(/create table "i2"\."events_temp"/);
    expect(await warehouse.rows("select id, label from i2.events order by id")).toEqual(afterMerge);
  });

  it("never rebuilds a protected table, even with --full-refresh", async () => {
    const dir = dataformProject({
      ...source("i3", "(1, 'a')"),
      "definitions/events.sqlx": events("i3", true, ", protected: true"),
    });
    await run(dir);
    await warehouse.rows("insert into i3.events values (50, 'kept')");
    await run(dir, { fullRefresh: true });
    expect(await warehouse.rows("select id from i3.events order by id")).toEqual([{ id: 1 }, { id: 50 }]);
  });

  it("a failing merge rolls back completely", async () => {
    const dir = dataformProject({ ...source("i4", "(1, 'a')"), "definitions/events.sqlx": events("i4", true) });
    await run(dir);
    writeProjectFiles(dir, source("i4", "(2, 'b'), (3, 'changed'), (3, 'changed twice')"));
    writeProjectFiles(dir, {
      "definitions/guard.sqlx": `config { type: "operations", schema: "i4" }
create unique index if not exists events_id on i4.events (id)`,
    });
    await run(dir, { actions: ["guard"] });
    const failed = await run(dir, { actions: ["source", "events"] });
    expect(failed.status).toBe("failed");
    expect(failed.results.find((r) => r.name === "i4.events")!.error).toMatch(/duplicate key/);
    expect(await warehouse.rows("select id from i4.events order by id")).toEqual([{ id: 1 }]);
  });
});

describe("selection", () => {
  const dir = () =>
    dataformProject({
      "definitions/a.sqlx": `config { type: "table", schema: "s1", tags: ["daily"] }\nselect 1 as id`,
      "definitions/b.sqlx": `config { type: "table", schema: "s1", assertions: { nonNull: ["id"] } }\nselect id from \${ref("a")}`,
      "definitions/c.sqlx": `config { type: "view", schema: "s1", tags: ["daily", "site"] }\nselect id from \${ref("b")}`,
      "definitions/d.sqlx": `config { type: "table", schema: "s1", tags: ["monthly"] }\nselect id from \${ref("c")}`,
    });

  it("--actions runs only the named actions, with the table's own assertions", async () => {
    const project = dir();
    await run(project);
    const result = await run(project, { actions: ["s1.b"] });
    expect(result.results.map((r) => r.name).sort()).toEqual(["assertions.s1_b_assertions_rowConditions", "s1.b"]);
  });

  it("--tags selects by tag; --include-deps and --include-dependents widen it", async () => {
    const project = dir();
    expect((await run(project, { tags: ["site"] })).results.map((r) => r.name)).toEqual(["s1.c"]);
    const withDeps = await run(project, { tags: ["site"], includeDeps: true });
    expect(withDeps.results.map((r) => r.name).sort()).toEqual(["assertions.s1_b_assertions_rowConditions", "s1.a", "s1.b", "s1.c"]);
    const withDependents = await run(project, { actions: ["b"], includeDependents: true });
    expect(withDependents.results.map((r) => r.name).sort()).toEqual(["assertions.s1_b_assertions_rowConditions", "s1.b", "s1.c", "s1.d"]);
  });

  it("rejects unknown names and tags with a clear message", async () => {
    const project = dir();
    await expect(run(project, { actions: ["nope"] })).rejects.toThrow('no action named "nope"');
    await expect(run(project, { tags: ["yearly"] })).rejects.toThrow('no action has tag "yearly"');
  });

  it("--dry-run returns the SQL and changes nothing", async () => {
    const project = dataformProject({
      "definitions/dry.sqlx": `config { type: "table", schema: "s2" }\nselect 1 as id`,
    });
    const result = await run(project, { dryRun: true });
    expect(result.runId).toBeNull();
    expect(result.results[0]!.statements.join("\n")).toMatch(/create table "s2"\."dry_temp" as/);
    expect(await warehouse.rows("select to_regnamespace('s2') is null as absent")).toEqual([{ absent: true }]);
  });
});

describe("parallelism", () => {
  const sleepers = () =>
    dataformProject({
      "definitions/slow_a.sqlx": `config { type: "operations", schema: "p1" }\nselect pg_sleep(0.6)`,
      "definitions/slow_b.sqlx": `config { type: "operations", schema: "p1" }\nselect pg_sleep(0.6)`,
      "definitions/after.sqlx": `config { type: "operations", schema: "p1", dependencies: ["slow_a", "slow_b"] }\nselect 1`,
    });

  const overlaps = (result: RunResult) => {
    const [a, b] = ["p1.slow_a", "p1.slow_b"].map((n) => result.results.find((r) => r.name === n)!);
    return a!.startedAt! < b!.finishedAt! && b!.startedAt! < a!.finishedAt!;
  };

  it("independent actions overlap with concurrency 2, and dependents wait for both", async () => {
    const result = await run(sleepers(), { concurrency: 2 });
    expect(overlaps(result)).toBe(true);
    const after = result.results.find((r) => r.name === "p1.after")!;
    for (const name of ["p1.slow_a", "p1.slow_b"]) {
      expect(after.startedAt!.getTime()).toBeGreaterThanOrEqual(result.results.find((r) => r.name === name)!.finishedAt!.getTime());
    }
  });

  it("never overlap with concurrency 1", async () => {
    expect(overlaps(await run(sleepers(), { concurrency: 1 }))).toBe(false);
  });
});

describe("locking", () => {
  it("never rebuilds at once two tables whose drop cascade reaches the same view (that deadlocked)", async () => {
    const dir = dataformProject({
      "definitions/left.sqlx": `config { type: "table", schema: "l1" }\nselect 1 as id from pg_sleep(0.3)`,
      "definitions/right.sqlx": `config { type: "table", schema: "l1" }\nselect 1 as id from pg_sleep(0.3)`,
      "definitions/both.sqlx": `config { type: "assertion", schema: "l1" }\nselect * from \${ref("left")} l join \${ref("right")} r using (id) where l.id <> r.id`,
      "definitions/other.sqlx": `config { type: "table", schema: "l1" }\nselect 2 as id from pg_sleep(0.3)`,
    });
    expect((await run(dir, { concurrency: 3 })).status).toBe("succeeded");
    for (let attempt = 0; attempt < 3; attempt++) {
      const result = await run(dir, { concurrency: 3 });
      expect(result.status).toBe("succeeded");
      const [left, right, other] = ["l1.left", "l1.right", "l1.other"].map((n) => result.results.find((r) => r.name === n)!);
      const overlap = (a: typeof left, b: typeof left) => a!.startedAt! < b!.finishedAt! && b!.startedAt! < a!.finishedAt!;
      expect(overlap(left, right)).toBe(false);
      // Unrelated tables still run side by side.
      expect(overlap(left, other) || overlap(right, other)).toBe(true);
    }
  });
});

