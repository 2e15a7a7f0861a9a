// Streams an Arrow IPC file (file or stream format) one record batch at a time; the header is the schema's field names.
import { open, type FileHandle } from "node:fs/promises";
import { DataType, RecordBatchReader, type Decimal, type RecordBatch, type Timestamp } from "apache-arrow";
import { dateFromWallClock, type Cell, type ReaderResult, type ReadItem } from "./index.ts";

type CellMaker = (value: unknown) => Cell;

/** JSON text for nested values (lists, structs, maps); bigints inside them become strings. */
function jsonText(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => (typeof inner === "bigint" ? inner.toString() : inner));
}

function scalarCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  // Int64 columns arrive as bigint; past 2^53 a number would silently change the value, text keeps it.
  if (typeof value === "bigint") return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Date) return value;
  return jsonText(value);
}

/** Decimals arrive as an unscaled big integer; the scale puts the point back. */
function decimalText(unscaled: string, scale: number): string {
  if (scale <= 0) return unscaled + "0".repeat(-scale);
  const negative = unscaled.startsWith("-");
  const digits = (negative ? unscaled.slice(1) : unscaled).padStart(scale + 1, "0");
  return `${negative ? "-" : ""}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

/** How a column's values become cells; arrow-js gives dates and timestamps as epoch milliseconds. */
function cellMakerFor(type: DataType): CellMaker {
  if (DataType.isDictionary(type)) return cellMakerFor(type.dictionary);
  if (DataType.isDate(type)) return (value) => (typeof value === "number" ? new Date(value) : scalarCell(value));
  if (DataType.isTimestamp(type)) {
    // With a zone the value is an instant; without one it is wall-clock time, like a spreadsheet's.
    const zoned = Boolean((type as Timestamp).timezone);
    return (value) => (typeof value === "number" ? (zoned ? new Date(value) : dateFromWallClock(new Date(value))) : scalarCell(value));
  }
  if (DataType.isDecimal(type)) {
    const { scale } = type as Decimal;
    return (value) => (value === null || value === undefined ? null : decimalText(String(value), scale));
  }
  return scalarCell;
}

/** Cancel the reader and close the file, once, whoever asks first (the items' end or the caller). */
function closerOf(reader: RecordBatchReader, handle: FileHandle): () => Promise<void> {
  let closing: Promise<void> | null = null;
  return () =>
    (closing ??= (async () => {
      await reader.cancel();
      await handle.close();
    })());
}

async function* arrowItems(reader: RecordBatchReader, close: () => Promise<void>): AsyncGenerator<ReadItem> {
  try {
    let rowIndex = 0;
    for await (const batch of reader as AsyncIterable<RecordBatch>) {
      const columns = batch.schema.fields.map((field, index) => ({ vector: batch.getChildAt(index), makeCell: cellMakerFor(field.type) }));
      for (let row = 0; row < batch.numRows; row += 1) {
        rowIndex += 1;
        const cells = columns.map(({ vector, makeCell }) => (vector ? makeCell(vector.get(row)) : null));
        // Line numbers count as if a header row came first, so Arrow rows line up with CSV and XLSX rows.
        yield { kind: "row", row: { line: rowIndex + 1, cells } };
      }
    }
  } finally {
    await close();
  }
}

export async function openArrow(path: string): Promise<ReaderResult> {
  // A FileHandle, not a stream: for the file format arrow-js reads a stream whole, but a handle batch by batch.
  const handle = await open(path, "r");
  let reader: RecordBatchReader;
  try {
    reader = await RecordBatchReader.from(handle);
    await reader.open();
  } catch (error) {
    await handle.close();
    throw new Error(`${path}: not a readable Arrow IPC file: ${(error as Error).message}`, { cause: error });
  }
  const header = (reader.schema?.fields ?? []).map((field) => field.name.trim());
  const close = closerOf(reader, handle);
  return { format: "arrow", header, items: arrowItems(reader, close), close };
}
