// Streams an NDJSON/JSONL export: one JSON object per line, each mapped onto the first object's keys.
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { rawForProblem, type Cell, type ReaderResult, type ReadItem } from "./index.ts";

interface JsonLine {
  line: number;
  text: string;
}

/** Non-blank lines with their 1-based line numbers; the file is closed when the consumer stops. */
async function* jsonLines(path: string): AsyncGenerator<JsonLine> {
  const input = createReadStream(path, { encoding: "utf8" });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const text of lines) {
      line += 1;
      const cleaned = line === 1 ? text.replace(/^\uFEFF/, "") : text;
      if (cleaned.trim() !== "") yield { line, text: cleaned };
    }
  } finally {
    lines.close();
    input.destroy();
  }
}

type JsonObject = Record<string, unknown>;

/** The object a line holds, or why it holds none. */
function objectOf(text: string): { object: JsonObject } | { reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { reason: `invalid JSON: ${(error as Error).message}` };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return { reason: `not a JSON object: ${Array.isArray(value) ? "an array" : JSON.stringify(value)}` };
  }
  return { object: value as JsonObject };
}

/** Scalars stay as they are; nested objects and arrays travel as their JSON text. */
function cellOf(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  return JSON.stringify(value);
}

async function* ndjsonItems(path: string, header: string[]): AsyncGenerator<ReadItem> {
  const known = new Set(header);
  for await (const { line, text } of jsonLines(path)) {
    const parsed = objectOf(text);
    if ("reason" in parsed) {
      yield { kind: "problem", problem: { line, reason: parsed.reason, raw: rawForProblem(text) } };
      continue;
    }
    // Keys are matched trimmed, as the header is; a Map also keeps a "__proto__" key an ordinary field.
    const values = new Map(Object.entries(parsed.object).map(([key, value]) => [key.trim(), value]));
    const unknown = [...values.keys()].find((key) => !known.has(key));
    if (unknown !== undefined) {
      yield { kind: "problem", problem: { line, reason: `unknown field ${JSON.stringify(unknown)}`, raw: rawForProblem(text) } };
      continue;
    }
    yield { kind: "row", row: { line, cells: header.map((name) => cellOf(values.get(name))) } };
  }
}

/** Keys of the first line that holds an object; a second pass then reads everything, so nothing is buffered. */
async function headerOf(path: string): Promise<string[]> {
  for await (const { text } of jsonLines(path)) {
    const parsed = objectOf(text);
    if ("object" in parsed) return Object.keys(parsed.object).map((key) => key.trim());
  }
  return [];
}

export async function openNdjson(path: string): Promise<ReaderResult> {
  const header = await headerOf(path);
  // headerOf has closed its pass; the second one opens the file only once its rows are read.
  return { format: "ndjson", header, items: ndjsonItems(path, header), close: async () => {} };
}
