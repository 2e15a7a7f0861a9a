// Compiles definitions/ and includes/ into Dataform's graph with core 2.x's own session and
// SQLX compiler — the same steps core's main() takes, with errors traced to file and line.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { compileFunction } from "node:vm";
import { projectRoot } from "../project.ts";
import { core, type CompiledGraph, type ProjectConfig } from "./core.ts";

export interface CompileOptions {
  projectDir?: string;
  /** Overrides of dataform.json's vars, as `--vars` gives them. */
  vars?: Record<string, string>;
}

export interface CompileProblem {
  /** Path relative to the project, e.g. definitions/marts/x.sqlx. */
  file: string;
  /** 1-based line in that file when it can be traced, else null. */
  line: number | null;
  message: string;
}

export interface CompileResult {
  projectDir: string;
  projectConfig: ProjectConfig;
  graph: CompiledGraph;
  problems: CompileProblem[];
}

export class CompileFailure extends Error {
  constructor(readonly problems: CompileProblem[]) {
    super(problems.map(formatProblem).join("\n"));
    this.name = "CompileFailure";
  }
}

export function formatProblem(problem: CompileProblem): string {
  return `${problem.file}${problem.line ? `:${problem.line}` : ""}: ${problem.message}`;
}

export function readProjectConfig(projectDir: string, vars: Record<string, string> = {}): ProjectConfig {
  const file = join(projectDir, "dataform.json");
  if (!existsSync(file)) throw new CompileFailure([{ file: "dataform.json", line: null, message: "not found" }]);
  let parsed: ProjectConfig;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8")) as ProjectConfig;
  } catch (error) {
    throw new CompileFailure([{ file: "dataform.json", line: null, message: `invalid JSON: ${(error as Error).message}` }]);
  }
  if (parsed.warehouse !== "postgres") {
    throw new CompileFailure([
      { file: "dataform.json", line: null, message: `"warehouse" must be "postgres", found ${JSON.stringify(parsed.warehouse)}` },
    ]);
  }
  for (const key of ["defaultSchema", "assertionSchema"] as const) {
    if (typeof parsed[key] !== "string" || parsed[key] === "") {
      throw new CompileFailure([{ file: "dataform.json", line: null, message: `"${key}" must be a non-empty string` }]);
    }
  }
  return { ...parsed, vars: { ...parsed.vars, ...vars } };
}

function listFiles(dir: string, recursive: boolean): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && recursive) out.push(...listFiles(path, true));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/** What each loaded file became after SQLX compilation, so stack lines can be traced back. */
type GeneratedCode = Map<string, { source: string; generated: string }>;

/**
 * A CommonJS loader for the project's files: `.sqlx` goes through core's compiler, and bare
 * paths such as `includes/constants` resolve from the project root as Dataform's CLI does.
 */
function createProjectLoader(projectDir: string, generated: GeneratedCode) {
  const cache = new Map<string, { exports: unknown }>();
  const hostRequire = createRequire(join(projectDir, "package.json"));

  function resolveProjectFile(spec: string, fromDir: string): string | null {
    const base = spec.startsWith(".") ? resolve(fromDir, spec) : resolve(projectDir, spec);
    if (!base.startsWith(projectDir + sep)) return null;
    for (const candidate of [base, `${base}.js`, `${base}.sqlx`, `${base}.json`]) {
      if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    }
    return null;
  }

  function requireFrom(fromDir: string) {
    return (spec: string): unknown => {
      if (spec === "@dataform/core") return core;
      const file = resolveProjectFile(spec, fromDir);
      if (file) return load(file);
      return hostRequire(spec);
    };
  }

  function load(file: string): unknown {
    const cached = cache.get(file);
    if (cached) return cached.exports;
    const source = readFileSync(file, "utf8");
    if (file.endsWith(".json")) return JSON.parse(source) as unknown;
    const module = { exports: {} as unknown };
    cache.set(file, module);
    const code = file.endsWith(".sqlx") ? core.compiler(source, relative(projectDir, file)) : source;
    generated.set(file, { source, generated: code });
    const run = compileFunction(code, ["exports", "require", "module", "__filename", "__dirname"], { filename: file });
    run(module.exports, requireFrom(dirname(file)), module, file, dirname(file));
    return module.exports;
  }

  return { load };
}

/**
 * Trace an error to a line of the file. Stack frames give the line of the generated JS; for
 * SQLX that line's text is found in the source (core keeps config, js and SQL text verbatim).
 * Errors core raises itself carry no frame in the file, so a quoted name from the message
 * (an unresolved ref, an unknown config key) is looked up in the source instead.
 */
function traceLine(file: string, message: string, stack: string, generated: GeneratedCode): number | null {
  const code = generated.get(file);
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const frame = new RegExp(`${escaped}:(\\d+)`).exec(stack);
  if (frame) {
    const generatedLine = Number(frame[1]);
    if (!code || !file.endsWith(".sqlx")) return generatedLine;
    const text = code.generated.split("\n")[generatedLine - 1]?.trim();
    if (text) {
      const index = code.source.split("\n").findIndex((line) => line.trim() === text);
      if (index >= 0) return index + 1;
      const partial = code.source.split("\n").findIndex((line) => line.trim() !== "" && text.includes(line.trim()));
      if (partial >= 0) return partial + 1;
    }
  }
  if (!code) return null;
  const sourceLines = code.source.split("\n");
  for (const match of message.matchAll(/"([^"\s]{2,})"|'([^'\s]{2,})'/g)) {
    const token = match[1] ?? match[2]!;
    const index = sourceLines.findIndex((line) => line.includes(token));
    if (index >= 0) return index + 1;
  }
  return null;
}

const BOUND_GLOBALS = ["dataform", "publish", "operate", "assert", "declare", "test"] as const;

export function compileProject(options: CompileOptions = {}): CompileResult {
  const projectDir = resolve(options.projectDir ?? projectRoot);
  const projectConfig = readProjectConfig(projectDir, options.vars);
  const generated: GeneratedCode = new Map();
  const loader = createProjectLoader(projectDir, generated);
  const session = core.session;
  const g = globalThis as Record<string, unknown>;
  const includeFiles = listFiles(join(projectDir, "includes"), false).filter((f) => f.endsWith(".js"));
  const definitionFiles = listFiles(join(projectDir, "definitions"), true).filter(
    (f) => f.endsWith(".sqlx") || f.endsWith(".js"),
  );
  const globalNames = [...BOUND_GLOBALS, ...includeFiles.map((f) => basename(f, ".js"))];
  const saved = new Map(globalNames.map((name) => [name, g[name]]));

  session.init(projectDir, projectConfig, projectConfig, false);
  g.dataform = session;
  const thrown = new Map<string, Error>();
  try {
    for (const file of includeFiles) {
      try {
        g[basename(file, ".js")] = loader.load(file);
      } catch (error) {
        thrown.set(relative(projectDir, file), error as Error);
        session.compileError(error, relative(projectDir, file));
      }
    }
    g.publish = session.publish.bind(session);
    g.operate = session.operate.bind(session);
    g.assert = session.assert.bind(session);
    g.declare = session.declare.bind(session);
    g.test = session.test.bind(session);
    for (const file of definitionFiles) {
      try {
        loader.load(file);
      } catch (error) {
        thrown.set(relative(projectDir, file), error as Error);
        session.compileError(error, relative(projectDir, file));
      }
    }
    const graph = session.compile();
    const problems = (graph.graphErrors?.compilationErrors ?? []).map((e): CompileProblem => {
      const file = e.fileName ?? "(unknown file)";
      const message = (e.message ?? "unknown error").split("\n")[0]!;
      const stack = thrown.get(file)?.stack ?? e.stack ?? "";
      return { file, line: traceLine(join(projectDir, file), message, stack, generated), message };
    });
    return { projectDir, projectConfig, graph, problems };
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete g[name];
      else g[name] = value;
    }
  }
}

/** Compile and throw a CompileFailure listing every problem when there are any. */
export function compileOrThrow(options: CompileOptions = {}): CompileResult {
  const result = compileProject(options);
  if (result.problems.length > 0) throw new CompileFailure(result.problems);
  return result;
}
