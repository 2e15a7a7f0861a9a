// Streams a CSV/TXT export: detects encoding and delimiter, keeps each record's starting line, reports malformed records.
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { pipeline } from "node:stream";
import iconv from "iconv-lite";
import { CsvTokenizer, type TokenizerEvent } from "./csv-tokenizer.ts";
import { rawForProblem, type ReaderResult, type ReadItem, type ReadOptions } from "./index.ts";

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

/**
 * Every record and problem of the file in order, in runs as the decoder hands over text. The tokenizer
 * counts lines itself, so each record carries the line it starts on.
 */
async function* csvEvents(path: string, encoding: CsvEncoding, tokenizer: CsvTokenizer): AsyncGenerator<TokenizerEvent[]> {
  // Large reads: per-chunk overhead (stream plumbing, string joins at chunk edges) is the cost here.
  // pipeline, not pipe: a read error must reach the decoder, where the loop below throws it as this
  // file's failure, instead of surfacing as an unhandled stream error.
  const text = pipeline(createReadStream(path, { highWaterMark: 1 << 20 }), iconv.decodeStream(DECODER_NAME[encoding]), () => {});
  for await (const chunk of text as AsyncIterable<string>) {
    const events: TokenizerEvent[] = [];
    tokenizer.push(chunk, events);
    if (events.length > 0) yield events;
  }
  const last: TokenizerEvent[] = [];
  tokenizer.end(last);
  if (last.length > 0) yield last;
}

async function* csvBatches(header: string[], rest: AsyncGenerator<TokenizerEvent[]>, early: TokenizerEvent[]): AsyncGenerator<ReadItem[]> {
  const toItem = (event: TokenizerEvent): ReadItem => {
    if (event.kind === "problem") return { kind: "problem", problem: { ...event.problem, raw: rawForProblem(event.problem.raw) } };
    const { line, fields, raw } = event.record;
    if (fields.length === header.length) return { kind: "row", row: { line, cells: fields } };
    return { kind: "problem", problem: { line, reason: `expected ${header.length} columns, found ${fields.length}`, raw: rawForProblem(raw ?? "") } };
  };
  if (early.length > 0) yield early.map(toItem);
  for await (const events of rest) yield events.map(toItem);
}

export async function openCsv(path: string, options: ReadOptions = {}): Promise<ReaderResult> {
  const sample = await readSample(path);
  const encoding = detectEncoding(sample, options.encoding);
  const delimiter = detectDelimiter(iconv.decode(sample.bytes, DECODER_NAME[encoding]));
  const tokenizer = new CsvTokenizer(delimiter);
  const events = csvEvents(path, encoding, tokenizer);

  // The header is the first record; only a broken first record (an unterminated quote) can come before it.
  const early: TokenizerEvent[] = [];
  let header: string[] | null = null;
  while (header === null) {
    const next = await events.next();
    if (next.done) break;
    for (const event of next.value) {
      if (header === null && event.kind === "record") {
        header = event.record.fields.map((name) => name.replace(/^\uFEFF/, "").trim());
      } else early.push(event);
    }
  }
  return { format: "csv", encoding, header: header ?? [], batches: csvBatches(header ?? [], events, early) };
}
