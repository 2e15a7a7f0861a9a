// The site stage: build the Observable Framework notebooks into a new folder, offline, with fresh data.
// Publishing that folder is publish.ts's job.
import { spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeSync } from "node:fs";
import { delimiter, dirname, join, relative } from "node:path";
import { projectRoot } from "../warehouse/project.ts";

const notebooksDir = join(projectRoot, "notebooks");
const cacheDir = join(notebooksDir, ".observablehq", "cache");
const frameworkBin = join(projectRoot, "node_modules", "@observablehq", "framework", "dist", "bin", "observable.js");

/**
 * Framework's client bundle names these packages for features the pages never use (JSX, DuckDB, maps, CSV
 * and Arrow file helpers). It only needs a version number for each, which it looks up on the npm registry
 * unless a folder `_npm/<name>@<version>` exists in its cache. Seeding those folders keeps the build
 * offline; nothing is downloaded or served for them. A page that did use one would fail in the browser
 * tests (a request to /_npm that is not there), which is how the rule "import explicitly" is enforced.
 */
const CLIENT_PACKAGE_VERSIONS: Record<string, string> = {
  "@observablehq/plot": "0.6.17",
  "@observablehq/sample-datasets": "1.0.1",
  "apache-arrow": "21.2.0",
  arquero: "8.0.3",
  d3: "7.9.2",
  "d3-dsv": "3.0.2",
  echarts: "6.1.0",
  htl: "0.3.1",
  leaflet: "1.9.4",
  lodash: "4.18.1",
  "mapbox-gl": "3.32.0",
  "parquet-wasm": "0.8.0",
  react: "19.3.1",
  "react-dom": "19.3.1",
  "topojson-client": "3.1.0",
};

/**
 * Framework reuses a data loader's cached output if the file merely exists (its issues #1148, #1242), so
 * yesterday's numbers would be published. Drop everything but the bundles of node_modules (`_node`, keyed
 * by package version) and reseed the version folders.
 */
export function prepareFrameworkCache(dir = cacheDir): void {
  if (existsSync(dir)) {
    for (const entry of readdirSync(dir)) {
      if (entry !== "_node") rmSync(join(dir, entry), { recursive: true, force: true });
    }
  }
  for (const [name, version] of Object.entries(CLIENT_PACKAGE_VERSIONS)) {
    mkdirSync(join(dir, "_npm", `${name}@${version}`), { recursive: true });
  }
}

/**
 * Framework has one cache folder per project, so two builds at once (two warehouses, or a build during
 * `npm test`) would overwrite each other's data files. A lock file with the builder's pid keeps them apart;
 * one left by a process that died is taken over.
 */
function lockBuilds(): () => void {
  const lock = join(notebooksDir, ".observablehq", "build.lock");
  mkdirSync(dirname(lock), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lock, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const pid = Number(readFileSync(lock, "utf8"));
      if (pid > 0 && isAlive(pid)) throw new Error(`another site build is running (pid ${pid}); ${lock}`);
      rmSync(lock, { force: true });
    }
  }
  throw new Error(`could not take the site build lock ${lock}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export interface SiteBuild {
  outDir: string;
  pages: number;
  files: number;
  bytes: number;
  /** Framework's own output, for the log. */
  log: string;
}

function countFiles(dir: string): { pages: number; files: number; bytes: number } {
  let pages = 0;
  let files = 0;
  let bytes = 0;
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else {
        files++;
        bytes += statSync(path).size;
        if (entry.name.endsWith(".html")) pages++;
      }
    }
  };
  walk(dir);
  return { pages, files, bytes };
}

/** The environment Framework and its data loaders run in: the warehouse, no telemetry, no network. */
function frameworkEnv(databaseUrl: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const guard = join(projectRoot, "pipeline", "offline-guard.mjs");
  return {
    ...process.env,
    DATABASE_URL: databaseUrl,
    OBSERVABLE_TELEMETRY_DISABLE: "true",
    NODE_OPTIONS: [process.env.NODE_OPTIONS, `--import=${guard}`].filter(Boolean).join(" "),
    // Framework runs the TypeScript data loaders with tsx, found on PATH.
    PATH: [join(projectRoot, "node_modules", ".bin"), process.env.PATH].join(delimiter),
    ...extra,
  };
}

/**
 * `npm run dev`: Framework's live preview for analysts editing notebooks — pages reload on save and data
 * loaders rerun when their source changes. Resolves with Framework's exit code.
 */
export async function previewSite(options: { databaseUrl: string; port: number; host: string }): Promise<number> {
  prepareFrameworkCache();
  const args = [frameworkBin, "preview", "--port", String(options.port), "--host", options.host, "--no-open"];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: projectRoot, env: frameworkEnv(options.databaseUrl), stdio: "inherit" });
    child.on("error", reject);
    child.on("close", (code) => resolve(code ?? 1));
  });
}

export interface BuildSiteOptions {
  /** The folder to build into; must not exist yet (every build gets its own). */
  outDir: string;
  /** The warehouse the data loaders read. */
  databaseUrl: string;
  onOutput?: (line: string) => void;
}

/** Build the site into outDir. Throws with Framework's last lines when a page or data loader fails. */
export async function buildSite(options: BuildSiteOptions): Promise<SiteBuild> {
  if (existsSync(options.outDir)) throw new Error(`site build folder ${options.outDir} already exists`);
  const unlock = lockBuilds();
  try {
    return await buildLocked(options);
  } finally {
    unlock();
  }
}

async function buildLocked(options: BuildSiteOptions): Promise<SiteBuild> {
  prepareFrameworkCache();
  const env = frameworkEnv(options.databaseUrl, { JIANDU_SITE_OUT: relative(projectRoot, options.outDir) || options.outDir, NO_COLOR: "1" });
  const lines: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [frameworkBin, "build"], { cwd: projectRoot, env, stdio: ["ignore", "pipe", "pipe"] });
    const collect = (chunk: Buffer) => {
      for (const line of chunk.toString("utf8").split(/\r?\n/)) {
        if (line.trim() === "") continue;
        lines.push(line);
        options.onOutput?.(line);
      }
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("error", reject);
    child.on("close", resolve);
  });
  const log = lines.join("\n");
  if (code !== 0 || !existsSync(join(options.outDir, "index.html"))) {
    rmSync(options.outDir, { recursive: true, force: true });
    // Framework's own advice (stack traces, "file an issue") says nothing about what failed.
    const tail = lines
      .filter((l) => !/^\s*(at |\^)|^Tip: |^If you think this is a bug|^↳ https:/.test(l))
      .slice(-8)
      .join("\n");
    throw new Error(`site build failed (framework exited with ${code}):\n${tail}`);
  }
  return { outDir: options.outDir, ...countFiles(options.outDir), log };
}
