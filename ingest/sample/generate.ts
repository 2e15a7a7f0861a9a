// `jiandu sample`: five years of every source for every agency, in the agencies' own formats,
// with deliberately bad rows and planted problems written to a manifest the tests check against.
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { monthEnd, monthsEnding } from "./calendar.ts";
import { loadSampleCatalog } from "./catalog.ts";
import { generateAgencyFeedback, generateCongressReviews, generateDeputyMotions, generateProcuratorialSuggestions, generateSupervision } from "./congress.ts";
import type { BadRow, SampleContext, SampleFile } from "./context.ts";
import { generateCourtCases } from "./courts.ts";
import { plantProblems, type PlantedProblem } from "./plants.ts";
import { generateProcuratorateCases } from "./procuratorates.ts";
import { Random } from "./random.ts";
import { generateEvaluationScores, generateJusticeReports, generatePoliceReports, generateWorkDynamics } from "./reports.ts";
import { generateInternetDiscussions, generatePetitions, generateTransparencyScores } from "./society.ts";
import { writeSampleFile, type OutputRow, type SampleRow } from "./writers.ts";

export interface SampleOptions {
  out: string;
  years?: number;
  /** Last month of the sample, "YYYY-MM". */
  end?: string;
  /** Volume multiplier: 1 = a city (Hangzhou), 11 = a province's worth. */
  scale?: number;
  seed?: number;
  /** Empty the output folder first. */
  clean?: boolean;
  onFile?: (file: ManifestFile) => void;
}

export interface ManifestFile {
  path: string;
  source: string;
  format: string;
  encoding: string | null;
  /** Data rows written, bad ones included. */
  rows: number;
  /** Rows ingest must reject, and why. */
  expected_rejected: number;
  bad_rows: string[];
  notes: string[];
}

export interface SampleManifest {
  generator: "jiandu sample";
  version: number;
  options: { years: number; end: string; scale: number; seed: number };
  as_of: string;
  files: ManifestFile[];
  planted: PlantedProblem[];
  totals: Record<string, { files: number; rows: number; expected_rejected: number }>;
}

export const DEFAULT_END = "2026-11";
/** Bumped whenever the generator's output changes, so a cached sample is written again. */
export const GENERATOR_VERSION = 2;
export const MANIFEST = "manifest.json";

export function parseScale(value: string): number {
  if (value === "city") return 1;
  if (value === "province") return 11;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--scale must be city, province or a positive number, got "${value}"`);
  return n;
}

/** Spread bad rows through the file, after the first ten rows, so they sit among good ones. */
function* withBadRows(rows: Iterable<SampleRow>, bad: BadRow[]): Iterable<OutputRow> {
  const list = Array.isArray(rows) ? (rows as SampleRow[]) : [...rows];
  const step = Math.max(1, Math.floor((list.length - 10) / (bad.length + 1)));
  let next = 0;
  for (let i = 0; i < list.length; i++) {
    yield list[i]!;
    if (next < bad.length && i >= 10 && (i - 10) % step === step - 1) yield bad[next++]!.row;
  }
  while (next < bad.length) yield bad[next++]!.row;
}

export async function generateSample(options: SampleOptions): Promise<SampleManifest> {
  const years = options.years ?? 5;
  const end = options.end ?? DEFAULT_END;
  const scale = options.scale ?? 1;
  const seed = options.seed ?? 20240305;
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(end)) throw new Error(`--end must be a month like 2026-11, got "${end}"`);
  if (!Number.isInteger(years) || years < 1 || years > 20) throw new Error(`--years must be a whole number from 1 to 20, got ${years}`);
  if (existsSync(options.out) && readdirSync(options.out).length > 0) {
    if (!options.clean) throw new Error(`${options.out} is not empty; pass --clean to replace its contents`);
    rmSync(options.out, { recursive: true, force: true });
  }
  mkdirSync(options.out, { recursive: true });

  const catalog = loadSampleCatalog();
  const months = monthsEnding(end, years * 12);
  const files: ManifestFile[] = [];
  const context: SampleContext = {
    random: new Random(seed),
    catalog,
    months,
    asOf: monthEnd(end),
    scale,
    plants: plantProblems(catalog, months),
    async emit(file: SampleFile) {
      const bad = file.bad ?? [];
      const rows = await writeSampleFile(
        join(options.out, file.path),
        file.contract,
        Object.keys(file.contract.columns),
        file.style,
        withBadRows(file.rows, bad),
      );
      const entry: ManifestFile = {
        path: file.path,
        source: file.contract.name,
        format: file.style.format,
        encoding: file.style.format === "csv" ? (file.style.encoding ?? "utf-8") : null,
        rows,
        expected_rejected: bad.length,
        bad_rows: bad.map((b) => b.kind),
        notes: file.notes ?? [],
      };
      files.push(entry);
      options.onFile?.(entry);
    },
  };

  for (const generate of [
    generateCourtCases,
    generateProcuratorateCases,
    generatePoliceReports,
    generateJusticeReports,
    generateEvaluationScores,
    generateWorkDynamics,
    generatePetitions,
    generateInternetDiscussions,
    generateTransparencyScores,
    generateDeputyMotions,
    generateCongressReviews,
    generateProcuratorialSuggestions,
    generateSupervision,
    generateAgencyFeedback,
  ]) {
    await generate(context);
  }

  const totals: SampleManifest["totals"] = {};
  for (const f of files) {
    const t = (totals[f.source] ??= { files: 0, rows: 0, expected_rejected: 0 });
    t.files++;
    t.rows += f.rows;
    t.expected_rejected += f.expected_rejected;
  }
  const manifest: SampleManifest = {
    generator: "jiandu sample",
    version: GENERATOR_VERSION,
    options: { years, end, scale, seed },
    as_of: context.asOf,
    files,
    planted: context.plants.problems,
    totals,
  };
  writeFileSync(join(options.out, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
