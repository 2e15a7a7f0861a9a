// What every sample source generator is given, and how it hands over a file to write.
import type { SourceContract } from "../contracts/index.ts";
import type { Month } from "./calendar.ts";
import type { SampleCatalog } from "./catalog.ts";
import type { Plants } from "./plants.ts";
import type { Random } from "./random.ts";
import type { ExportStyle, OutputRow, SampleRow } from "./writers.ts";

export interface BadRow {
  /** What is wrong, in the words of the bad-input list: wrong column count, unknown agency code, … */
  kind: string;
  row: OutputRow;
}

export interface SampleFile {
  contract: SourceContract;
  /** Relative to the output folder: `<source>/<name>.<ext>`. */
  path: string;
  style: ExportStyle;
  rows: Iterable<SampleRow>;
  /** Deliberately bad rows, spread through the file; each must be rejected on ingest. */
  bad?: BadRow[];
  /** Things a reader of the manifest should know about the file (e.g. tricky but valid values). */
  notes?: string[];
}

export interface SampleContext {
  random: Random;
  catalog: SampleCatalog;
  /** Every month of the sample, oldest first. */
  months: Month[];
  /** The export date: the last day of the last month. */
  asOf: string;
  /** Volume multiplier: 1 is a city, 11 a province's worth. */
  scale: number;
  plants: Plants;
  emit(file: SampleFile): Promise<void>;
}

export const extensionOf = (style: ExportStyle) => ({ csv: "csv", xlsx: "xlsx", ndjson: "ndjson", arrow: "arrow" })[style.format];
