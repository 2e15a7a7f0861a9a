// Streams one worksheet of an XLSX export with exceljs's streaming reader: first non-empty row is the header.
import { createReadStream } from "node:fs";
// Through the project's wrapper: plain exceljs garbles a Chinese character split across two zip chunks.
import ExcelJS from "../exceljs.ts";
import { dateFromWallClock, rawForProblem, type Cell, type ReaderResult, type ReadItem, type ReadOptions, type SourceRow } from "./index.ts";

/** What the streaming reader has but its type declarations leave out. */
interface SheetInternals {
  name?: string;
  /** The sheet's XML source: a temp-file stream when exceljs had to park the sheet (see skipSheet). */
  iterator?: { destroy?: () => void; on?: (event: "error", listener: () => void) => void };
}
interface WorkbookInternals {
  model?: { sheets?: { name: string }[] };
  properties?: { model?: { date1904?: boolean } };
}

const DAY_MS = 86_400_000;

/** exceljs's own test for a date number format (utils.isDateFmt), which it applies to plain cells but not to formula results. */
function isDateFormat(numFmt: string | undefined): boolean {
  if (!numFmt) return false;
  return /[ymdhMsb]+/.test(numFmt.replace(/\[[^\]]*]/g, "").replace(/"[^"]*"/g, ""));
}

function dateFromSerial(serial: number, date1904: boolean): Date {
  return dateFromWallClock(new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * DAY_MS)));
}

function plainText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value !== null && typeof value === "object" && "richText" in value && Array.isArray(value.richText)) {
    return value.richText.map((run: { text?: unknown }) => (typeof run.text === "string" ? run.text : "")).join("");
  }
  return value === null || value === undefined ? "" : String(value);
}

/**
 * A formula cell: its cached result when the file has one, else the formula itself as text. The
 * result is read from cell.result because cell.value drops falsy results (0, false, "").
 */
function formulaCell(cell: ExcelJS.Cell, date1904: boolean): Cell {
  const result: unknown = cell.result;
  if (typeof result === "number" && !Number.isNaN(result)) return isDateFormat(cell.numFmt) ? dateFromSerial(result, date1904) : result;
  if (typeof result === "string" || typeof result === "boolean") return result;
  if (result instanceof Date) return dateFromWallClock(result);
  if (result !== null && typeof result === "object" && "error" in result && typeof result.error === "string") return result.error;
  // No result cached, or an error result that exceljs's streaming reader turned into NaN.
  const formula: unknown = cell.formula;
  return typeof formula === "string" && formula !== "" ? `=${formula}` : null;
}

function cellOf(cell: ExcelJS.Cell, date1904: boolean): Cell {
  const value = cell.value;
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (value instanceof Date) return dateFromWallClock(value);
  if ("formula" in value || "sharedFormula" in value) return formulaCell(cell, date1904);
  if ("richText" in value) return plainText(value);
  if ("hyperlink" in value) return plainText(value.text);
  if ("error" in value) return value.error;
  return JSON.stringify(value);
}

function isBlank(cell: Cell): boolean {
  return cell === null || (typeof cell === "string" && cell.trim() === "");
}

/** Cells of a row by column (index 0 = column A), up to its last non-blank cell. */
function rowCells(row: ExcelJS.Row, date1904: boolean): Cell[] {
  const cells: Cell[] = [];
  row.eachCell({ includeEmpty: false }, (cell, column) => {
    const value = cellOf(cell, date1904);
    if (isBlank(value)) return;
    while (cells.length < column - 1) cells.push(null);
    cells[column - 1] = value;
  });
  return cells;
}

/**
 * Leaves a sheet unread without leaking the temp-file stream exceljs opened for it. exceljs deletes
 * the temp file as soon as we move on, so the stream's pending open may fail with ENOENT; nobody else
 * listens for that error, and unheard it would crash the process.
 */
function skipSheet(sheet: ExcelJS.stream.xlsx.WorksheetReader): void {
  const source = (sheet as unknown as SheetInternals).iterator;
  if (source?.destroy === undefined) return;
  source.on?.("error", () => {});
  source.destroy();
}

interface SheetRows {
  header: string[];
  rows: AsyncGenerator<SourceRow>;
}

/** The non-empty rows of the chosen sheet; the workbook stream is closed when the consumer stops. */
async function* chosenSheetRows(path: string, wanted: string | undefined): AsyncGenerator<SourceRow> {
  const input = createReadStream(path);
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    // styles are needed to tell date cells from numbers; hyperlinks would replace the cell text with a link object.
    styles: "cache",
    sharedStrings: "cache",
    hyperlinks: "ignore",
    worksheets: "emit",
    entries: "ignore",
  });
  const internals = workbook as unknown as WorkbookInternals;
  const seen: string[] = [];
  try {
    for await (const sheet of workbook) {
      const name = (sheet as unknown as SheetInternals).name ?? `Sheet${seen.length + 1}`;
      seen.push(name);
      // Sheets arrive in file order; "first" means first tab, which workbook.xml knows when it was read earlier.
      const target = wanted ?? internals.model?.sheets?.[0]?.name ?? name;
      if (name !== target) {
        skipSheet(sheet);
        continue;
      }
      const date1904 = internals.properties?.model?.date1904 === true;
      for await (const row of sheet) {
        const cells = rowCells(row, date1904);
        if (cells.length > 0) yield { line: row.number, cells };
      }
      return;
    }
    if (wanted !== undefined) {
      const available = internals.model?.sheets?.map((sheet) => sheet.name) ?? seen;
      throw new Error(`${path}: no worksheet named "${wanted}"; available: ${available.map((sheet) => `"${sheet}"`).join(", ")}`);
    }
  } finally {
    input.destroy();
  }
}

async function* xlsxItems(header: string[], rows: AsyncGenerator<SourceRow>): AsyncGenerator<ReadItem> {
  for await (const row of rows) {
    if (row.cells.length > header.length) {
      const reason = `expected ${header.length} columns, found ${row.cells.length}`;
      yield { kind: "problem", problem: { line: row.line, reason, raw: rawForProblem(JSON.stringify(row.cells)) } };
      continue;
    }
    const cells = [...row.cells];
    while (cells.length < header.length) cells.push(null);
    yield { kind: "row", row: { line: row.line, cells } };
  }
}

async function sheetRows(path: string, options: ReadOptions): Promise<SheetRows> {
  const rows = chosenSheetRows(path, options.sheet);
  const first = await rows.next();
  if (first.done) return { header: [], rows };
  const header = first.value.cells.map((cell) => (cell instanceof Date ? cell.toISOString() : plainText(cell)).replace(/^\uFEFF/, "").trim());
  return { header, rows };
}

export async function openXlsx(path: string, options: ReadOptions = {}): Promise<ReaderResult> {
  const { header, rows } = await sheetRows(path, options);
  const close = async () => {
    await rows.return(undefined);
  };
  return { format: "xlsx", header, items: xlsxItems(header, rows), close };
}
