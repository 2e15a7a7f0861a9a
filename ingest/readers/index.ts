// The one way to open a source file: picks the reader by extension and gives a header plus a stream of rows.
import { extname } from "node:path";
import { openArrow } from "./arrow.ts";
import type { RecordBatch } from "./csv-tokenizer.ts";
import { openCsv } from "./csv.ts";
import { openNdjson } from "./ndjson.ts";
import { openXlsx } from "./xlsx.ts";

export type Cell = string | number | boolean | Date | null;

export interface SourceRow {
  /**
   * Where the record starts: the 1-based physical line in CSV and NDJSON (the CSV header is line 1),
   * the sheet row number in XLSX, the 1-based row index + 1 in Arrow (as if a header row came first).
   */
  line: number;
  cells: Cell[];
}

/** A record that cannot be turned into cells at all; raw is its text, cut to RAW_LIMIT characters. */
export interface RowProblem {
  line: number;
  reason: string;
  raw: string;
}

export type ReadItem = { kind: "row"; row: SourceRow } | { kind: "problem"; problem: RowProblem };

export interface OpenedFile {
  format: "csv" | "xlsx" | "ndjson" | "arrow";
  /** CSV only: "utf-8", "utf-8-bom", "gb18030", or "utf-16le"/"utf-16be" when a UTF-16 BOM says so. */
  encoding?: string;
  /** Column names as found, trimmed, BOM removed. */
  header: string[];
  /** Rows and problems in file order. Iterate to the end, or break out, so the file is closed. */
  items: AsyncIterable<ReadItem>;
  /**
   * The same items in runs as the reader has them at hand: one await per run instead of per
   * row, which is what lets the loader keep up with COPY. Use either items or batches, not both.
   */
  batches: AsyncIterable<ReadItem[]>;
  /**
   * CSV only: the records as byte ranges of UTF-8 text (see csv-tokenizer.ts), for a caller that checks
   * cells without making strings of them. Records whose field count differs from the header's are
   * included; use `wrongFieldCount` from csv.ts to describe them. Use this, items or batches: one of them.
   */
  csvRecords?: AsyncIterable<RecordBatch>;
  /**
   * Release the file. Reading to the end (or breaking out of a loop over the rows) closes it too; this
   * is for a caller that stops before reading any row, e.g. because the header does not fit.
   */
  close(): Promise<void>;
}

/** What a reader returns: items, batches or both; openFile fills in the other. */
export type ReaderResult = Omit<OpenedFile, "items" | "batches"> &
  ({ items: AsyncIterable<ReadItem>; batches?: undefined } | { batches: AsyncIterable<ReadItem[]>; items?: undefined });

const BATCH = 1_000;

async function* batchesOf(items: AsyncIterable<ReadItem>): AsyncGenerator<ReadItem[]> {
  let batch: ReadItem[] = [];
  for await (const item of items) {
    batch.push(item);
    if (batch.length >= BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

async function* itemsOf(batches: AsyncIterable<ReadItem[]>): AsyncGenerator<ReadItem> {
  for await (const batch of batches) yield* batch;
}

function complete(result: ReaderResult): OpenedFile {
  if (result.batches) return { ...result, batches: result.batches, items: itemsOf(result.batches) };
  return { ...result, items: result.items, batches: batchesOf(result.items) };
}

export interface ReadOptions {
  /** CSV only: the declared encoding; gbk is read as gb18030, its superset. Without it the reader detects. */
  encoding?: "utf-8" | "gbk" | "gb18030";
  /** XLSX only: the worksheet to read; the first one otherwise. */
  sheet?: string;
}

/** Longest raw text kept with a problem: enough to recognise the record, not enough to bloat the rejected-rows table. */
export const RAW_LIMIT = 2_000;

export function rawForProblem(text: string): string {
  return text.length > RAW_LIMIT ? text.slice(0, RAW_LIMIT) : text;
}

const DAY_MS = 86_400_000;

/**
 * XLSX cells and zone-less Arrow timestamps hold wall-clock time stored as if it were UTC. A whole
 * day stays at UTC midnight (read by parseDate as that calendar day, whatever the server's zone); a
 * date-time becomes the same wall-clock time in the local zone, so its local day is the day written.
 */
export function dateFromWallClock(wallClockAsUtc: Date): Date {
  const ms = wallClockAsUtc.getTime();
  if (Number.isNaN(ms) || ms % DAY_MS === 0) return wallClockAsUtc;
  const d = wallClockAsUtc;
  return new Date(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
}

const FORMATS: Record<string, OpenedFile["format"]> = {
  ".csv": "csv",
  ".txt": "csv",
  ".xlsx": "xlsx",
  ".ndjson": "ndjson",
  ".jsonl": "ndjson",
  ".arrow": "arrow",
  ".arrows": "arrow",
  ".ipc": "arrow",
  ".feather": "arrow",
};

export function formatFromPath(path: string): OpenedFile["format"] | null {
  return FORMATS[extname(path).toLowerCase()] ?? null;
}

export async function openFile(path: string, options: ReadOptions = {}): Promise<OpenedFile> {
  const format = formatFromPath(path);
  switch (format) {
    case "csv":
      return complete(await openCsv(path, options));
    case "xlsx":
      return complete(await openXlsx(path, options));
    case "ndjson":
      return complete(await openNdjson(path));
    case "arrow":
      return complete(await openArrow(path));
    case null:
      throw new Error(`${path}: unsupported file type "${extname(path)}"`);
  }
}
