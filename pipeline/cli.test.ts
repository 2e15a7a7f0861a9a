import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataformProject, testWarehouse, type TestWarehouse } from "../test/warehouse.ts";
import type { Command } from "commander";
import { projectRoot } from "../warehouse/project.ts";
import { buildProgram } from "./cli.ts";

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

function jiandu(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(projectRoot, "pipeline", "cli.ts"), ...args], {
      cwd: projectRoot,
      env: { ...process.env, ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

let warehouse: TestWarehouse;
beforeAll(async () => {
  warehouse = await testWarehouse();
});
afterAll(async () => {
  await warehouse.close();
});

describe("jiandu CLI", () => {
  it("has --help on every command", async () => {
    // Every command, nested ones too, read in-process: one spawn per command is slow on a busy machine.
    const walk = (command: Command): Command[] => [command, ...command.commands.flatMap(walk)];
    const commands = walk(buildProgram());
    expect(commands.map((c) => c.name())).toEqual(
      expect.arrayContaining(["compile", "transform", "ingest", "sample", "docs", "score", "schedule", "run", "start", "runs", "db", "psql-url"]),
    );
    for (const command of commands) {
      expect(command.helpInformation(), command.name()).toMatch(/^Usage: jiandu/);
      expect(command.description().length, command.name()).toBeGreaterThan(5);
    }
    const transformHelp = commands.find((c) => c.name() === "transform")!.helpInformation();
    for (const flag of ["--actions", "--tags", "--include-deps", "--include-dependents", "--full-refresh", "--dry-run", "--vars", "--concurrency"]) {
      expect(transformHelp).toContain(flag);
    }
    // And the real thing, once: the installed command answers --help with exit 0.
    const outcome = await jiandu(["--help"]);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(/^Usage: jiandu/);
  });

  it("compile --json prints the graph; compile errors exit 1 naming file:line", async () => {
    const good = await jiandu(["compile", "--json"]);
    expect(good.code).toBe(0);
    const graph = JSON.parse(good.stdout) as { actions: { name: string }[] };
    expect(graph.actions.length).toBeGreaterThan(0);

    const broken = dataformProject({ "definitions/m.sqlx": `config { type: "table" }\nselect * from \${ref("ghost")}` });
    const bad = await jiandu(["compile", broken]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('definitions/m.sqlx:2: Could not resolve "ghost"');
  });

  it("transform runs against DATABASE_URL, prints progress and a summary, and exits 1 when an action fails", async () => {
    const project = dataformProject({
      "definitions/ok.sqlx": `config { type: "table", schema: "cli" }\nselect 1 as id`,
      "definitions/bad.sqlx": `config { type: "table", schema: "cli" }\nselect no_such_column from \${ref("ok")}`,
    });
    const outcome = await jiandu(["transform", project], { DATABASE_URL: warehouse.url });
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toMatch(/✓ cli\.ok {2}table/);
    expect(outcome.stderr).toMatch(/✗ cli\.bad {2}table[\s\S]*definitions\/bad\.sqlx: column "no_such_column" does not exist/);
    expect(outcome.stdout).toMatch(/transform failed in [\d.]+s \(run \d+\): 1 succeeded, 1 failed, 0 skipped, 0 disabled/);

    const dry = await jiandu(["transform", project, "--dry-run", "--actions", "ok"], { DATABASE_URL: warehouse.url });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('create table "cli"."ok_temp" as');
  });

  it("reports bad flags and unreachable databases in one line, exit 1", async () => {
    const badFlag = await jiandu(["transform", "--concurrency", "zero"]);
    expect(badFlag.code).not.toBe(0);
    expect(badFlag.stderr).toMatch(/expected a whole number >= 1, got "zero"/);

    const unreachable = await jiandu(["transform"], { DATABASE_URL: "postgres://nobody:secret@127.0.0.1:1/none" });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr.split("\n")[0]).toMatch(/^error: cannot connect to PostgreSQL at postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/none: /);
    expect(unreachable.stderr).not.toContain("secret");
  });
});
