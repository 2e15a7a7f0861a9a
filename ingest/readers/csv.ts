// Streams a CSV/TXT export: detects encoding and delimiter, keeps each record's starting line, reports malformed records.
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { pipeline, type Readable } from "node:stream";
import { parse, type CsvError, type Options as CsvParseOptions } from "csv-parse";
import iconv from "iconv-lite";
import { rawForProblem, type ReaderResult, type ReadItem, type ReadOptions, type RowProblem } from "./index.ts";

type CsvEncoding = "utf-8" | "utf-8-bom" | "gb18030" | "utf-16le" | "utf-16be";

/** How much of the file decides the encoding and the delimiter. */
const SAMPLE_BYTES = 64 * 1024;

const DECODER_NAME: Record<CsvEncoding, string> = {
  "utf-8": "utf8",
  "utf-8-bom": "utf8",
  gb18030: "gb18030",
  "utf-16le": "utf16le",
  "utf-16be": "utf16be",
};

interface Sample {
  bytes: Buffer;
  /** True when the sample is the whole file, so a cut multi-byte character at its end is a real error. */
  wholeFile: boolean;
}

async function readSample(path: string): Promise<Sample> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.alloc(SAMPLE_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SAMPLE_BYTES, 0);
    return { bytes: buffer.subarray(0, bytesRead), wholeFile: bytesRead < SAMPLE_BYTES };
  } finally {
    await handle.close();
  }
}

function startsWith(bytes: Buffer, prefix: number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}

function isValidUtf8(sample: Sample): boolean {
  try {
    // stream: true holds back a character cut by the sample boundary instead of calling it invalid.
    new TextDecoder("utf-8", { fatal: true }).decode(sample.bytes, { stream: !sample.wholeFile });
    return true;
  } catch {
    return false;
  }
}

/** A BOM wins over a declared encoding: it is the file saying what it is. GBK is read as GB18030, its superset. */
function detectEncoding(sample: Sample, declared?: ReadOptions["encoding"]): CsvEncoding {
  if (startsWith(sample.bytes, [0xef, 0xbb, 0xbf])) return "utf-8-bom";
  if (startsWith(sample.bytes, [0xff, 0xfe])) return "utf-16le";
  if (startsWith(sample.bytes, [0xfe, 0xff])) return "utf-16be";
  if (declared === "utf-8") return "utf-8";
  if (declared === "gbk" || declared === "gb18030") return "gb18030";
  return isValidUtf8(sample) ? "utf-8" : "gb18030";
}

const DELIMITERS = [",", "\t", ";"] as const;

/** The delimiter used most often on the first non-blank line, outside quotes; comma on a tie or when none is found. */
function detectDelimiter(text: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((delimiter) => [delimiter, 0]));
  let quoted = false;
  for (const char of text.replace(/^[\uFEFF\r\n]+/, "")) {
    if (char === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (char === "\n" || char === "\r") break;
    else {
      const count = counts.get(char);
      if (count !== undefined) counts.set(char, count + 1);
    }
  }
  let best = ",";
  for (const delimiter of DELIMITERS) if ((counts.get(delimiter) ?? 0) > (counts.get(best) ?? 0)) best = delimiter;
  return best;
}

const LINE_BREAK = /\r\n|\r|\n/g;
const LEADING_BREAKS = /^(?:\r\n|\r|\n)+/;
const TRAILING_BREAK = /(?:\r\n|\r|\n)$/;

function countBreaks(text: string): number {
  return text.match(LINE_BREAK)?.length ?? 0;
}

/** A record's own text: csv-parse's raw also holds the blank lines skipped before it and its line break. */
function recordText(raw: string): string {
  return rawForProblem(raw.replace(LEADING_BREAKS, "").replace(TRAILING_BREAK, ""));
}

interface CsvRecord {
  line: number;
  fields: string[];
  raw: string;
}

type CsvEvent = { kind: "record"; record: CsvRecord } | { kind: "problem"; problem: RowProblem };

function problemReason(error: CsvError | undefined): string {
  if (error?.code === "CSV_QUOTE_NOT_CLOSED") return "unterminated quote: the file ends inside a quoted field (truncated file?)";
  return error ? `malformed record: ${error.message}` : "malformed record";
}

/**
 * Every record and problem of the file in order, each with the line it starts on. csv-parse's own
 * line count is not usable (it counts the CR and LF of a CRLF inside a quoted field as two lines), so
 * lines are counted here from the raw text of each record, which includes the blank lines skipped before it.
 */
async function* csvEvents(path: string, encoding: CsvEncoding, delimiter: string): AsyncGenerator<CsvEvent[]> {
  let breaksSoFar = 0;
  const startLine = (raw: string): number => breaksSoFar + 1 + countBreaks(LEADING_BREAKS.exec(raw)?.[0] ?? "");
  // Problems are found while csv-parse runs ahead of the consumer; they wait here and are merged back by line.
  const pendingProblems: RowProblem[] = [];

  // With raw: true csv-parse hands on_record { record, raw }, a shape its type declarations do not model.
  const onRecord = (parsed: { record: string[]; raw: string }): CsvRecord | null => {
    const line = startLine(parsed.raw);
    breaksSoFar += countBreaks(parsed.raw);
    // A row of empty fields (",,,") is a blank line to a spreadsheet user.
    if (parsed.record.every((field) => field.trim() === "")) return null;
    return { line, fields: parsed.record, raw: parsed.raw };
  };
  const parser = parse({
    delimiter,
    raw: true,
    relax_column_count: true,
    // Like Excel: a quote inside an unquoted field is a character. This also leaves the unterminated
    // quote at end of file as the only error csv-parse can raise, so every skipped raw is a whole record.
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_record: onRecord as unknown as CsvParseOptions["on_record"],
    on_skip: (error: CsvError | undefined, raw: string | undefined): undefined => {
      const text = raw ?? "";
      pendingProblems.push({ line: startLine(text), reason: problemReason(error), raw: recordText(text) });
      breaksSoFar += countBreaks(text);
    },
  });
  // pipeline forwards a read or decode error into the parser, where readBatches throws it.
  const records = pipeline(createReadStream(path), iconv.decodeStream(DECODER_NAME[encoding]), parser, () => {});

  for await (const batch of readBatches<CsvRecord>(records)) {
    const events: CsvEvent[] = [];
    for (const record of batch) {
      for (let first = pendingProblems[0]; first !== undefined && first.line < record.line; first = pendingProblems[0]) {
        pendingProblems.shift();
        events.push({ kind: "problem", problem: first });
      }
      events.push({ kind: "record", record });
    }
    yield events;
  }
  if (pendingProblems.length > 0) yield pendingProblems.map((problem) => ({ kind: "problem" as const, problem }));
}

/** Everything an object stream has buffered, one array per wait: a row-at-a-time await costs more than parsing it. */
async function* readBatches<T>(stream: Readable): AsyncGenerator<T[]> {
  let failure: unknown = null;
  stream.on("error", (error) => (failure = error));
  for (;;) {
    const batch: T[] = [];
    for (let item = stream.read() as T | null; item !== null; item = stream.read() as T | null) batch.push(item);
    if (failure) throw failure;
    if (batch.length > 0) {
      yield batch;
      continue;
    }
    if (stream.readableEnded) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        stream.off("readable", done);
        stream.off("end", done);
        stream.off("error", done);
        resolve();
      };
      stream.on("readable", done);
      stream.on("end", done);
      stream.on("error", done);
    });
  }
}

async function* csvBatches(header: string[], rest: AsyncGenerator<CsvEvent[]>, early: CsvEvent[]): AsyncGenerator<ReadItem[]> {
  const toItem = (event: CsvEvent): ReadItem => {
    if (event.kind === "problem") return event;
    const { line, fields, raw } = event.record;
    if (fields.length === header.length) return { kind: "row", row: { line, cells: fields } };
    return { kind: "problem", problem: { line, reason: `expected ${header.length} columns, found ${fields.length}`, raw: recordText(raw) } };
  };
  if (early.length > 0) yield early.map(toItem);
  for await (const events of rest) yield events.map(toItem);
}

export async function openCsv(path: string, options: ReadOptions = {}): Promise<ReaderResult> {
  const sample = await readSample(path);
  const encoding = detectEncoding(sample, options.encoding);
  const delimiter = detectDelimiter(iconv.decode(sample.bytes, DECODER_NAME[encoding]));
  const events = csvEvents(path, encoding, delimiter);

  // The header is the first record; only a broken first record (an unterminated quote) can come before it.
  const early: CsvEvent[] = [];
  let header: string[] | null = null;
  while (header === null) {
    const next = await events.next();
    if (next.done) break;
    for (const event of next.value) {
      if (header === null && event.kind === "record") header = event.record.fields.map((name) => name.replace(/^\uFEFF/, "").trim());
      else early.push(event);
    }
  }
  return { format: "csv", encoding, header: header ?? [], batches: csvBatches(header ?? [], events, early) };
}
