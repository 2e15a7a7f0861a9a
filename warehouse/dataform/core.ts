// Typed access to @dataform/core 2.x: the session, the SQLX compiler and the Postgres adapter.
// Core's bundle declares its proto types but does not export them, so the shapes this project
// reads are written out here, once.
import { createRequire } from "node:module";

export interface Target {
  schema?: string | null;
  name?: string | null;
  database?: string | null;
}

export interface ColumnDescriptor {
  path?: string[] | null;
  description?: string | null;
}

export interface ActionDescriptor {
  description?: string | null;
  columns?: ColumnDescriptor[] | null;
}

interface ActionCommon {
  target?: Target | null;
  dependencyTargets?: Target[] | null;
  disabled?: boolean | null;
  tags?: string[] | null;
  actionDescriptor?: ActionDescriptor | null;
  fileName?: string | null;
}

/** TableType in core.proto: numeric on the objects `session.compile()` returns. */
export const TableType = { TABLE: 1, INCREMENTAL: 2, VIEW: 3, INLINE: 4 } as const;
/** TableMetadata.Type: what the adapter compares an existing relation against. */
export const RelationType = { TABLE: 1, VIEW: 2 } as const;

export interface Table extends ActionCommon {
  enumType?: number | null;
  query?: string | null;
  incrementalQuery?: string | null;
  uniqueKey?: string[] | null;
  protected?: boolean | null;
  materialized?: boolean | null;
  preOps?: string[] | null;
  postOps?: string[] | null;
  incrementalPreOps?: string[] | null;
  incrementalPostOps?: string[] | null;
}

export interface Operation extends ActionCommon {
  queries?: string[] | null;
  hasOutput?: boolean | null;
}

export interface Assertion extends ActionCommon {
  query?: string | null;
  parentAction?: Target | null;
}

export type Declaration = ActionCommon;

export interface CompilationError {
  fileName?: string | null;
  actionName?: string | null;
  message?: string | null;
  stack?: string | null;
}

export interface CompiledGraph {
  projectConfig?: ProjectConfig | null;
  tables?: Table[] | null;
  operations?: Operation[] | null;
  assertions?: Assertion[] | null;
  declarations?: Declaration[] | null;
  graphErrors?: { compilationErrors?: CompilationError[] | null } | null;
  dataformCoreVersion?: string | null;
  toJSON(): Record<string, unknown>;
}

export interface ProjectConfig {
  warehouse: string;
  defaultSchema: string;
  assertionSchema: string;
  defaultDatabase?: string;
  concurrentQueryLimit?: number;
  vars?: Record<string, string>;
  schemaSuffix?: string;
  tablePrefix?: string;
}

export interface TableMetadata {
  type: number;
  fields: { name: string }[];
}

export interface RunConfig {
  fullRefresh?: boolean;
}

export interface ExecutionTask {
  type?: string | null;
  statement?: string | null;
}

interface Tasks {
  build(): ExecutionTask[];
}

export interface Adapter {
  resolveTarget(target: Target): string;
  publishTasks(table: Table, runConfig: RunConfig, tableMetadata?: TableMetadata): Tasks;
  assertTasks(assertion: Assertion, projectConfig: ProjectConfig): Tasks;
}

export interface Session {
  init(rootDir: string, config: ProjectConfig, canonicalConfig: ProjectConfig, supportSqlFileCompilation: boolean): void;
  compile(): CompiledGraph;
  compileError(error: unknown, path?: string): void;
  publish: (...args: unknown[]) => unknown;
  operate: (...args: unknown[]) => unknown;
  assert: (...args: unknown[]) => unknown;
  declare: (...args: unknown[]) => unknown;
  test: (...args: unknown[]) => unknown;
}

type AdapterClass = new (config: ProjectConfig, version: string) => Adapter;

interface CoreModule {
  session: Session;
  compiler(code: string, path: string): string;
  adapters: { create(config: ProjectConfig, version: string): Adapter; register(warehouse: string, adapter: AdapterClass): void };
  version: string;
}

const require = createRequire(import.meta.url);
export const core = require("@dataform/core") as CoreModule;

/**
 * Core's Postgres adapter is its Redshift one, which quotes string literals with backslash
 * escapes (\\'). PostgreSQL reads standard strings, so a rowConditions entry holding a quote,
 * e.g. "grain in ('month', 'year')", made the assertion's SQL invalid. Registered once, here,
 * so compilation (which writes assertion SQL) and execution both use standard quoting.
 */
const redshiftAdapter = core.adapters.create(
  { warehouse: "postgres", defaultSchema: "public", assertionSchema: "public" },
  core.version,
).constructor as AdapterClass;
class PostgresAdapter extends redshiftAdapter {
  sqlString(text: string): string {
    return `'${text.replace(/'/g, "''")}'`;
  }
}
core.adapters.register("postgres", PostgresAdapter);
export const coreModulePath = require.resolve("@dataform/core");
