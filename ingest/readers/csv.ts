// Streams a CSV/TXT export: detects encoding and delimiter, keeps each record's starting line, reports malformed records.
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { pipeline } from "node:stream";
import iconv from "iconv-lite";
import { isUtf8 } from "node:buffer";
import { CsvTokenizer, fieldCount, recordFields, recordText, type RecordBatch } from "./csv-tokenizer.ts";
import { RAW_LIMIT, rawForProblem, type ReaderResult, type ReadItem, type ReadOptions, type RowProblem } from "./index.ts";

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

/** Bytes of a multi-byte UTF-8 character cut off at the end of a chunk: held back for the next one. */
function incompleteTail(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back]!;
    if (byte < 0x80) return 0; // ASCII: nothing cut
    if (byte >= 0xc0) {
      // A lead byte: how long its character is, and whether all of it is here.
      const needs = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      return needs > back ? back : 0;
    }
  }
  return 0;
}

/**
 * The file as UTF-8 bytes, in large pieces. UTF-8 files pass through untouched when valid (checked by
 * the runtime's validator); a piece with invalid bytes is decoded with U+FFFD in their place, as
 * a text decoder would. Other encodings are decoded and re-encoded. A BOM is dropped.
 */
async function* utf8Chunks(path: string, encoding: CsvEncoding): AsyncGenerator<Buffer> {
  // Large reads: per-chunk overhead (stream plumbing, joins at chunk edges) is the cost here. A read
  // error throws out of the loops below as this file's failure.
  if (encoding === "utf-8" || encoding === "utf-8-bom") {
    const stream = createReadStream(path, { highWaterMark: 1 << 20 });
    let carry: Buffer | null = null;
    let first = true;
    for await (const read of stream as AsyncIterable<Buffer>) {
      let chunk: Buffer = carry ? Buffer.concat([carry, read]) : read;
      if (first && startsWith(chunk, [0xef, 0xbb, 0xbf])) chunk = chunk.subarray(3);
      first = false;
      const tail = incompleteTail(chunk);
      carry = tail > 0 ? Buffer.from(chunk.subarray(chunk.length - tail)) : null;
      const whole = tail > 0 ? chunk.subarray(0, chunk.length - tail) : chunk;
      yield isUtf8(whole) ? whole : Buffer.from(whole.toString("utf8"), "utf8");
    }
    if (carry) yield Buffer.from(carry.toString("utf8"), "utf8");
    return;
  }
  // pipeline, not pipe: a read error must reach the decoder, and so the loop, instead of surfacing as
  // an unhandled stream error.
  const text = pipeline(createReadStream(path, { highWaterMark: 1 << 20 }), iconv.decodeStream(DECODER_NAME[encoding]), () => {});
  // A character outside the BMP is two UTF-16 units, and a decoder may hand them over in two chunks
  // (iconv-lite's UTF-16BE does): hold a trailing high surrogate back so the pair is encoded whole.
  let held = "";
  for await (const decoded of text as AsyncIterable<string>) {
    const chunk = held + decoded;
    const last = chunk.charCodeAt(chunk.length - 1);
    const cut = last >= 0xd800 && last <= 0xdbff ? chunk.length - 1 : chunk.length;
    held = chunk.slice(cut);
    yield Buffer.from(chunk.slice(0, cut), "utf8");
  }
  if (held) yield Buffer.from(held, "utf8");
}

/** Every record of the file after the header, in batches as the bytes arrive; problems ride with their batch. */
async function* recordBatches(chunks: AsyncGenerator<Buffer>, tokenizer: CsvTokenizer, first: RecordBatch | null): AsyncGenerator<RecordBatch> {
  if (first && (first.count > 0 || first.problems.length > 0)) yield first;
  for await (const chunk of chunks) {
    const batch = tokenizer.push(chunk);
    if (batch.count > 0 || batch.problems.length > 0) yield batch;
  }
  const last = tokenizer.end();
  if (last.count > 0 || last.problems.length > 0) yield last;
}

/** The same records as cells, for callers that want strings: wrong field counts and broken records become problems. */
async function* cellBatches(header: string[], records: AsyncIterable<RecordBatch>): AsyncGenerator<ReadItem[]> {
  for await (const batch of records) {
    const items: ReadItem[] = [];
    for (let r = 0; r < batch.count; r++) {
      const line = batch.line[r]!;
      const found = fieldCount(batch, r);
      if (found === header.length) items.push({ kind: "row", row: { line, cells: recordFields(batch, r) } });
      else items.push({ kind: "problem", problem: wrongFieldCount(batch, r, header.length) });
    }
    for (const problem of batch.problems) items.push({ kind: "problem", problem });
    yield items;
  }
}

/** The problem of a record with another field count than the header's. */
export function wrongFieldCount(batch: RecordBatch, record: number, expected: number): RowProblem {
  return {
    line: batch.line[record]!,
    reason: `expected ${expected} columns, found ${fieldCount(batch, record)}`,
    raw: rawForProblem(recordText(batch, record)),
  };
}

export async function openCsv(path: string, options: ReadOptions = {}): Promise<ReaderResult> {
  const sample = await readSample(path);
  const encoding = detectEncoding(sample, options.encoding);
  const delimiter = detectDelimiter(iconv.decode(sample.bytes, DECODER_NAME[encoding]));
  const tokenizer = new CsvTokenizer(delimiter, RAW_LIMIT);
  const chunks = utf8Chunks(path, encoding);

  // The header is the first record; only a broken first record (an unterminated quote) can come before it.
  let first: RecordBatch | null = null;
  while (tokenizer.header === null) {
    const next = await chunks.next();
    first = next.done ? tokenizer.end() : tokenizer.push(next.value);
    if (next.done) break;
  }
  const header = (tokenizer.header ?? []).map((name) => name.replace(/^\uFEFF/, "").trim());
  const records = recordBatches(chunks, tokenizer, first);
  const close = async () => {
    await chunks.return(undefined);
  };
  return { format: "csv", encoding, header, csvRecords: records, batches: cellBatches(header, records), close };
}
