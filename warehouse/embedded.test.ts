import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, chmodSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { projectRoot } from "./project.ts";
import { embeddedDataDir, runningPort, startEmbedded, stopEmbedded } from "./embedded.ts";

const NAME = "lifecycle-test";

async function query(url: string, statement: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(statement)).rows;
  } finally {
    await client.end();
  }
}

/** Run the fixture that opens the default warehouse, wait for "ready", return the child and its line. */
function holdWarehouse(env: NodeJS.ProcessEnv, asUser?: string) {
  // Plain node with tsx's loader: the signal goes straight to the process that owns the server.
  const script = join(projectRoot, "test", "fixtures", "hold-warehouse.ts");
  const nodeArgs = ["--import", "tsx", script];
  const command = asUser ? "runuser" : process.execPath;
  const args = asUser ? ["-u", asUser, "--", process.execPath, ...nodeArgs] : nodeArgs;
  const childEnv = { ...process.env, ...env };
  delete childEnv.DATABASE_URL;
  const child = spawn(command, args, { cwd: projectRoot, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const ready = new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      if (out.includes("\n")) resolve(out.trim());
    });
    child.on("exit", (code) => reject(new Error(`fixture exited ${code}: ${stderr}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  /** Signal the node process itself (under runuser, the wrapper would re-raise rather than exit). */
  const signal = async (name: NodeJS.Signals) => process.kill(Number((await ready).split(" ")[3]), name);
  return { child, ready, exited, signal };
}

afterAll(async () => {
  await stopEmbedded(embeddedDataDir(NAME));
});

describe("embedded PostgreSQL", () => {
  it("keeps data in the project, unless root's server account cannot reach it", () => {
    const open = mkdtempSync(join(tmpdir(), "jiandu-open-"));
    chmodSync(open, 0o755);
    expect(embeddedDataDir("x", open)).toBe(join(open, ".jiandu", "x"));
    const closed = mkdtempSync(join(tmpdir(), "jiandu-closed-"));
    chmodSync(closed, 0o700);
    const expected = userInfo().uid === 0 ? expect.stringMatching(/^\/var\/tmp\/jiandu-[0-9a-f]{10}\/x$/) : join(closed, ".jiandu", "x");
    expect(embeddedDataDir("x", closed)).toEqual(expected);
    rmSync(open, { recursive: true });
    rmSync(closed, { recursive: true });
  });

  it("initialises once, joins a running server, and restarts on the existing folder with data kept", async () => {
    const first = await startEmbedded({ name: NAME });
    expect(first.owned).toBe(true);
    await query(first.url, "create table if not exists kept (v int); truncate kept; insert into kept values (42)");

    const joined = await startEmbedded({ name: NAME });
    expect(joined.owned).toBe(false);
    expect(joined.port).toBe(first.port);

    expect(await stopEmbedded(first.dataDir)).toBe(true);
    expect(runningPort(first.dataDir)).toBeNull();
    expect(await stopEmbedded(first.dataDir)).toBe(false);

    const again = await startEmbedded({ name: NAME });
    expect(again.owned).toBe(true);
    expect(await query(again.url, "select v from kept")).toEqual([{ v: 42 }]);
    await stopEmbedded(again.dataDir);
  });

  it("stops the server it started when the process gets Ctrl-C (SIGINT) or SIGTERM", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "jiandu-signal-"));
    chmodSync(dataDir, 0o755);
    const pgdata = join(dataDir, "pgdata");
    try {
      for (const signal of ["SIGINT", "SIGTERM"] as const) {
        const held = holdWarehouse({ JIANDU_PGDATA: pgdata });
        const line = await held.ready;
        expect(line).toMatch(/^ready \d+ postgres \d+$/);
        expect(runningPort(pgdata)).not.toBeNull();
        await held.signal(signal);
        expect(await held.exited).toBe(signal === "SIGINT" ? 130 : 143);
        expect(runningPort(pgdata)).toBeNull();
      }
    } finally {
      await stopEmbedded(pgdata);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("runs for an ordinary (non-root) user too", async () => {
    // As root, try it as the unprivileged `postgres` account; as anyone else, this process is the proof.
    const asUser = userInfo().uid === 0 ? "postgres" : undefined;
    if (asUser) {
      expect(spawnSync("id", ["-u", asUser]).status).toBe(0);
      const readable = spawnSync("runuser", ["-u", asUser, "--", "test", "-r", join(projectRoot, "package.json")]).status === 0;
      expect(readable, `the checkout must be readable by "${asUser}" to test the non-root path (.ci/run moves a private checkout to /tmp)`).toBe(true);
    }
    const dataDir = mkdtempSync(join(tmpdir(), "jiandu-user-"));
    chmodSync(dataDir, 0o777);
    const pgdata = join(dataDir, "pgdata");
    try {
      const held = holdWarehouse({ JIANDU_PGDATA: pgdata }, asUser);
      expect(await held.ready).toMatch(/^ready \d+ postgres \d+$/);
      await held.signal("SIGTERM");
      expect(await held.exited).toBe(143);
      expect(runningPort(pgdata)).toBeNull();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
