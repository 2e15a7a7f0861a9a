// Writes sample rows the way agencies' systems export them: CSV in UTF-8, UTF-8 with BOM or GBK,
// XLSX, NDJSON or Arrow IPC; Chinese or English headers; each system's own date and yes/no style.
import { createWriteStream, mkdirSync, writeFileSync } from "node:fs";
import { once } from "node:events";
import { dirname } from "node:path";
import { tableFromArrays, tableToIPC } from "apache-arrow";
import ExcelJS from "../exceljs.ts";
import iconv from "iconv-lite";
import type { SourceContract } from "../contracts/index.ts";

export type SampleValue = string | number | boolean | null;
/** A row keyed by contract column; dates as ISO strings, months as "YYYY-MM". */
export type SampleRow = Record<string, SampleValue>;

export interface ExportStyle {
  format: "csv" | "xlsx" | "ndjson" | "arrow";
  encoding?: "utf-8" | "utf-8-bom" | "gbk";
  /** Chinese headers (the contract's first accepted header) or the column names. */
  headers: "zh" | "en";
  dates: "iso" | "slash" | "chinese";
  booleans: "是否" | "YN" | "10";
  /** Write amounts with thousands separators (CSV only). */
  thousands?: boolean;
}

/** A line written as-is into a CSV file, or a row of raw cells for other formats: the deliberately bad input. */
export interface RawLine {
  raw: string | (string | number | null)[];
}

export type OutputRow = SampleRow | RawLine;

function isRaw(row: OutputRow): row is RawLine {
  return "raw" in row && Object.keys(row).length === 1;
}

function formatDate(iso: string, style: ExportStyle["dates"]): string {
  const [y, m, d] = iso.split("-");
  if (style === "slash") return `${y}/${Number(m)}/${Number(d)}`;
  if (style === "chinese") return `${y}年${Number(m)}月${Number(d)}日`;
  return iso;
}

function formatBoolean(value: boolean, style: ExportStyle["booleans"]): string {
  if (style === "YN") return value ? "Y" : "N";
  if (style === "10") return value ? "1" : "0";
  return value ? "是" : "否";
}

/** A cell as text, in the export's style. */
function textCell(value: SampleValue, type: string, style: ExportStyle): string {
  if (value === null) return "";
  if (typeof value === "boolean") return formatBoolean(value, style.booleans);
  if (type === "date" && typeof value === "string") return formatDate(value, style.dates);
  if (typeof value === "number" && style.thousands && type === "decimal" && Math.abs(value) >= 1000) {
    return value.toLocaleString("en-US", { maximumFractionDigits: 2 });
  }
  return String(value);
}

function csvField(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function headerFor(contract: SourceContract, columns: string[], style: ExportStyle): string[] {
  return columns.map((c) => (style.headers === "zh" ? (contract.columns[c]!.headers[0] ?? c) : c));
}

/** Write one file; returns the number of data rows written (bad lines included). */
export async function writeSampleFile(
  path: string,
  contract: SourceContract,
  columns: string[],
  style: ExportStyle,
  rows: Iterable<OutputRow>,
): Promise<number> {
  mkdirSync(dirname(path), { recursive: true });
  const header = headerFor(contract, columns, style);
  const types = columns.map((c) => contract.columns[c]!.type);
  switch (style.format) {
    case "csv":
      return writeCsv(path, header, columns, types, style, rows);
    case "xlsx":
      return writeXlsx(path, header, columns, types, style, rows);
    case "ndjson":
      return writeNdjson(path, header, columns, types, style, rows);
    case "arrow":
      return writeArrow(path, header, columns, types, rows);
  }
}

async function writeCsv(path: string, header: string[], columns: string[], types: string[], style: ExportStyle, rows: Iterable<OutputRow>) {
  const out = createWriteStream(path);
  const encode = (text: string) => (style.encoding === "gbk" ? iconv.encode(text, "gbk") : Buffer.from(text, "utf8"));
  if (style.encoding === "utf-8-bom") out.write(Buffer.from([0xef, 0xbb, 0xbf]));
  let chunk = `${header.map(csvField).join(",")}\r\n`;
  let count = 0;
  for (const row of rows) {
    count++;
    if (isRaw(row)) {
      chunk += `${typeof row.raw === "string" ? row.raw : row.raw.map((c) => csvField(c === null ? "" : String(c))).join(",")}\r\n`;
    } else {
      chunk += `${columns.map((c, i) => csvField(textCell(row[c] ?? null, types[i]!, style))).join(",")}\r\n`;
    }
    if (chunk.length > 1 << 16) {
      if (!out.write(encode(chunk))) await once(out, "drain");
      chunk = "";
    }
  }
  out.end(encode(chunk));
  await once(out, "finish");
  return count;
}

function xlsxCell(value: SampleValue, type: string, style: ExportStyle): string | number | boolean | Date | null {
  if (value === null) return null;
  // Excel exports carry real date cells; the reader turns them back into dates.
  if (type === "date" && typeof value === "string") return new Date(`${value}T00:00:00Z`);
  if (typeof value === "boolean") return formatBoolean(value, style.booleans);
  return value;
}

async function writeXlsx(path: string, header: string[], columns: string[], types: string[], style: ExportStyle, rows: Iterable<OutputRow>) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet("数据");
  sheet.addRow(header).commit();
  const dateColumns = types.flatMap((t, i) => (t === "date" ? [i + 1] : []));
  let count = 0;
  for (const row of rows) {
    count++;
    const cells = isRaw(row)
      ? typeof row.raw === "string"
        ? row.raw.split(",")
        : row.raw
      : columns.map((c, i) => xlsxCell(row[c] ?? null, types[i]!, style));
    const written = sheet.addRow(cells);
    for (const index of dateColumns) written.getCell(index).numFmt = "yyyy-mm-dd";
    written.commit();
  }
  sheet.commit();
  await workbook.commit();
  return count;
}

async function writeNdjson(path: string, header: string[], columns: string[], types: string[], style: ExportStyle, rows: Iterable<OutputRow>) {
  const out = createWriteStream(path);
  let chunk = "";
  let count = 0;
  for (const row of rows) {
    count++;
    if (isRaw(row)) {
      chunk += `${typeof row.raw === "string" ? row.raw : JSON.stringify(Object.fromEntries(header.map((h, i) => [h, row.raw[i] ?? null])))}\n`;
    } else {
      const record = Object.fromEntries(
        columns.map((c, i) => {
          const value = row[c] ?? null;
          return [header[i]!, typeof value === "boolean" ? value : value !== null && types[i] === "date" ? textCell(value, "date", style) : value];
        }),
      );
      chunk += `${JSON.stringify(record)}\n`;
    }
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, "drain");
      chunk = "";
    }
  }
  out.end(chunk);
  await once(out, "finish");
  return count;
}

/** Arrow files are built in memory: the sample only uses them for small sources. */
async function writeArrow(path: string, header: string[], columns: string[], types: string[], rows: Iterable<OutputRow>) {
  const data: Record<string, (string | number | boolean | null)[]> = Object.fromEntries(header.map((h) => [h, []]));
  let count = 0;
  for (const row of rows) {
    count++;
    columns.forEach((c, i) => {
      const value = isRaw(row) ? (Array.isArray(row.raw) ? (row.raw[i] ?? null) : null) : (row[c] ?? null);
      data[header[i]!]!.push(value);
    });
  }
  // Numbers stay Float64, text stays Utf8; dates travel as ISO text, as many BI exports do.
  const arrays = Object.fromEntries(
    header.map((h, i) => {
      const values = data[h]!;
      const numeric = types[i] === "integer" || types[i] === "decimal";
      return [h, values.map((v) => (v === null ? null : numeric ? Number(v) : String(v)))];
    }),
  );
  const table = tableFromArrays(arrays as Parameters<typeof tableFromArrays>[0]);
  writeFileSync(path, tableToIPC(table, "file"));
  return count;
}
