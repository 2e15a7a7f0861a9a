// Decides which source each file is for and lands files in a safe order: the reference
// catalogs first (later sources are checked against them), then data files by path.
import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import type { Warehouse } from "../warehouse/connection.ts";
import { migrateToLatest } from "../warehouse/migrate.ts";
import { projectRoot } from "../warehouse/project.ts";
import { contractFor, contracts, isSourceName, referenceContracts, type SourceContract } from "./contracts/index.ts";
import { loadFile, type LoadReport } from "./load.ts";
import { formatFromPath, type ReadOptions } from "./readers/index.ts";

export const referenceDir = join(projectRoot, "reference");
/** Files dropped in data/inbox/<source>/ are picked up by `jiandu ingest data/inbox` and the pipeline. */
export const inboxDir = join(projectRoot, "data", "inbox");

export interface PlannedFile {
  file: string;
  contract: SourceContract;
}

function listDataFiles(path: string): string[] {
  if (!existsSync(path)) throw new Error(`${path}: no such file or folder`);
  if (statSync(path).isFile()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .filter((entry) => !entry.name.startsWith("."))
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const full = join(path, entry.name);
      if (entry.isDirectory()) return listDataFiles(full);
      return formatFromPath(full) ? [full] : [];
    });
}

/**
 * The source of a file: --source when given; else the nearest folder named after a source
 * (data/inbox/court_cases/…); else a file name that starts with a source name
 * (court_cases_2024-03.csv, or regions.csv for the ref_regions catalog).
 */
export function sourceOf(file: string, explicit?: string): SourceContract {
  if (explicit) return contractFor(explicit);
  for (let dir = dirname(resolve(file)); dir !== dirname(dir); dir = dirname(dir)) {
    if (isSourceName(basename(dir))) return contractFor(basename(dir));
  }
  const stem = basename(file).replace(/\.[^.]+$/, "").toLowerCase();
  const byPrefix = contracts
    .map((c) => c.name)
    .flatMap((name) => [name, name.replace(/^ref_/, "")].map((prefix) => ({ name, prefix })))
    .filter(({ prefix }) => stem === prefix || stem.startsWith(`${prefix}_`) || stem.startsWith(`${prefix}-`))
    .sort((a, b) => b.prefix.length - a.prefix.length);
  if (byPrefix[0]) return contractFor(byPrefix[0].name);
  throw new Error(
    `${file}: cannot tell which source this file is for; put it under data/inbox/<source>/, ` +
      "start its name with the source name, or pass --source",
  );
}

/** Files to load, reference catalogs first in dependency order, then everything else by path. */
export function planFiles(paths: string[], explicitSource?: string): PlannedFile[] {
  const planned = paths.flatMap(listDataFiles).map((file) => ({ file, contract: sourceOf(file, explicitSource) }));
  const rank = (p: PlannedFile) => {
    const index = referenceContracts.indexOf(p.contract);
    return index === -1 ? referenceContracts.length : index;
  };
  return planned.sort((a, b) => rank(a) - rank(b) || a.file.localeCompare(b.file));
}

export interface IngestOptions extends ReadOptions {
  source?: string;
  /** Also (re)load reference/ first; files already loaded with the same bytes are skipped. Default true. */
  withReference?: boolean;
  onReport?: (report: LoadReport) => void;
}

export async function ingestPaths(warehouse: Warehouse, paths: string[], options: IngestOptions = {}): Promise<LoadReport[]> {
  await migrateToLatest(warehouse);
  const planned = planFiles(paths, options.source);
  const alreadyPlanned = new Set(planned.map((p) => resolve(p.file)));
  const reference =
    options.withReference === false || !existsSync(referenceDir)
      ? []
      : planFiles([referenceDir]).filter((p) => !alreadyPlanned.has(resolve(p.file)));
  const reports: LoadReport[] = [];
  for (const { file, contract } of [...reference, ...planned]) {
    const report = await loadFile(warehouse, file, contract, { encoding: options.encoding, sheet: options.sheet });
    report.file = displayPath(file);
    reports.push(report);
    options.onReport?.(report);
  }
  return reports;
}

function displayPath(file: string): string {
  const fromProject = relative(projectRoot, resolve(file));
  return fromProject.startsWith("..") || fromProject.startsWith(sep) ? file : fromProject;
}
