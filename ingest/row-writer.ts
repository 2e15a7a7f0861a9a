// Turns a file's rows into COPY lines for raw.<source>, or into rejections with line, column and reason.
// Two ways in, one outcome: rows of cells from any reader go through the contract's checkCell; CSV
// records (byte ranges) first try each cell's fast writer and hand the cells it declines to the same
// checkCell — and a row with any problem is redone wholly on the cells path, so every reason comes
// from one place.
import { checkCell, type ColumnSpec, type SourceContract } from "./contracts/index.ts";
import { copyText, copyValue, CopyLines, NEWLINE, TAB } from "./copy-lines.ts";
import { DuplicateKeyFilter } from "./duplicate-keys.ts";
import { fastCellWriter, type FastCellWriter } from "./fast-cells.ts";
import { fieldCount, fieldText, QUOTED_WITH_ESCAPES, recordFields, type RecordBatch } from "./readers/csv-tokenizer.ts";
import { wrongFieldCount } from "./readers/csv.ts";
import type { Cell } from "./readers/index.ts";

export interface Rejection {
  line: number;
  column: string | null;
  reason: string;
  raw: string;
}

/** A load gives up, rather than quarantine a whole file row by row, past this many bad rows. */
export const MAX_REJECTED_ROWS = 100_000;

export class LoadFailure extends Error {}

/** Whether the field written since start is \N. */
function isNull(out: CopyLines, start: number): boolean {
  return out.length - start === 2 && out.bytes[start] === 92 && out.bytes[start + 1] === 78;
}

function rawText(cells: Cell[]): string {
  const text = JSON.stringify(cells.map((c) => (c instanceof Date ? c.toISOString() : c)));
  return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
}

export interface RowWriterOptions {
  contract: SourceContract;
  loadId: number;
  /** For each contract column (in contract order), the position of its cell in the file's rows; undefined: always blank. */
  sourceIndex: (number | undefined)[];
  /** Codes in the agency and region catalogs. */
  agencies: Set<string>;
  regions: Set<string>;
  /** Sizes the duplicate-key filter. */
  fileBytes: number;
}

export class RowWriter {
  readonly out = new CopyLines();
  readonly rejections: Rejection[] = [];
  readonly keys: DuplicateKeyFilter;
  /** Rows read, and rows written as COPY lines. */
  rowsRead = 0;
  rowsWritten = 0;

  private readonly columns: string[];
  private readonly specs: ColumnSpec[];
  private readonly sourceIndex: (number | undefined)[];
  private readonly fast: FastCellWriter[];
  /** Per column: the catalog its value must be in (as COPY text read as latin1), or null. */
  private readonly catalogs: (Set<string> | null)[];
  private readonly catalogNames: (string | null)[];
  /** Per column: its position in the key, or -1. */
  private readonly keyPosition: Int32Array;
  private readonly keyStarts: Int32Array;
  private readonly keyEnds: Int32Array;
  private readonly linePrefix: string;

  constructor(private readonly options: RowWriterOptions) {
    const { contract } = options;
    this.columns = Object.keys(contract.columns);
    this.specs = this.columns.map((name) => contract.columns[name]!);
    this.sourceIndex = options.sourceIndex;
    this.fast = this.specs.map(fastCellWriter);
    // Catalog codes as the bytes of their COPY text: the fast lane looks up the bytes it wrote.
    const asCopyBytes = (codes: Set<string>) => new Set([...codes].map((code) => Buffer.from(copyText(code)).toString("latin1")));
    const agencyBytes = asCopyBytes(options.agencies);
    const regionBytes = asCopyBytes(options.regions);
    this.catalogs = this.specs.map((spec) => (spec.agency ? agencyBytes : spec.region ? regionBytes : null));
    this.catalogNames = this.specs.map((spec) => (spec.agency ? "agency" : spec.region ? "region" : null));
    this.keyPosition = new Int32Array(this.columns.map((name) => contract.key.indexOf(name)));
    this.keyStarts = new Int32Array(contract.key.length);
    this.keyEnds = new Int32Array(contract.key.length);
    this.keys = new DuplicateKeyFilter(contract.key.length, options.fileBytes);
    this.linePrefix = `${options.loadId}\t`;
  }

  private reject(rejection: Rejection): void {
    this.rejections.push(rejection);
    if (this.rejections.length > MAX_REJECTED_ROWS) {
      throw new LoadFailure(
        `more than ${MAX_REJECTED_ROWS.toLocaleString("en")} rejected rows: is this file for source ${this.options.contract.name}?`,
      );
    }
  }

  problem(line: number, reason: string, raw: string): void {
    this.rowsRead++;
    this.reject({ line, column: null, reason, raw });
  }

  /** One row of cells from any reader: checked by the contract, written or rejected. */
  cells(line: number, cells: Cell[]): void {
    this.rowsRead++;
    this.writeCells(line, cells);
  }

  private writeCells(line: number, cells: Cell[]): void {
    const { columns, specs, sourceIndex } = this;
    const values: unknown[] = [];
    let problems: { column: string; reason: string }[] | null = null;
    for (let i = 0; i < columns.length; i++) {
      const index = sourceIndex[i];
      const checked = checkCell(specs[i]!, index === undefined ? null : (cells[index] ?? null));
      if (checked.ok) values.push(checked.value);
      else {
        values.push(null);
        (problems ??= []).push({ column: columns[i]!, reason: checked.reason });
      }
    }
    if (!problems) {
      for (let i = 0; i < columns.length; i++) {
        const catalog = this.catalogs[i];
        if (catalog && values[i] !== null && !catalog.has(Buffer.from(copyText(values[i] as string)).toString("latin1"))) {
          (problems ??= []).push({ column: columns[i]!, reason: `unknown ${this.catalogNames[i]} code "${values[i] as string}"` });
        }
      }
    }
    if (problems) {
      const raw = rawText(cells);
      for (const problem of problems) this.reject({ line, column: problem.column, reason: problem.reason, raw });
      return;
    }
    const out = this.out;
    out.text(this.linePrefix);
    out.integer(line);
    for (let i = 0; i < columns.length; i++) {
      out.byte(TAB);
      const start = out.length;
      out.text(copyValue(values[i], specs[i]!));
      this.noteKey(i, start);
    }
    this.endLine();
  }

  private noteKey(column: number, start: number): void {
    const position = this.keyPosition[column]!;
    if (position < 0) return;
    this.keyStarts[position] = start;
    this.keyEnds[position] = this.out.length;
  }

  private endLine(): void {
    this.out.byte(NEWLINE);
    this.keys.add(this.out, this.keyStarts, this.keyEnds);
    this.rowsWritten++;
  }

  /** CSV records: each cell by its fast writer when it can, by checkCell otherwise; a row with a problem goes the cells way. */
  csvRecords(batch: RecordBatch, headerLength: number): void {
    const { columns, specs, sourceIndex, fast, catalogs, out } = this;
    const { bytes, fieldStart, fieldEnd, fieldKind, firstField } = batch;
    for (let r = 0; r < batch.count; r++) {
      this.rowsRead++;
      if (fieldCount(batch, r) !== headerLength) {
        const problem = wrongFieldCount(batch, r, headerLength);
        this.reject({ ...problem, column: null });
        continue;
      }
      const rowStart = out.length;
      out.text(this.linePrefix);
      out.integer(batch.line[r]!);
      const first = firstField[r]!;
      let ok = true;
      for (let i = 0; i < columns.length; i++) {
        out.byte(TAB);
        const start = out.length;
        const index = sourceIndex[i];
        if (index === undefined) {
          const checked = checkCell(specs[i]!, null);
          if (!checked.ok) {
            ok = false;
            break;
          }
          out.text(copyValue(checked.value, specs[i]!));
        } else {
          const f = first + index;
          if (fieldKind[f] === QUOTED_WITH_ESCAPES || !fast[i]!(bytes, fieldStart[f]!, fieldEnd[f]!, out)) {
            const checked = checkCell(specs[i]!, fieldText(batch, f));
            if (!checked.ok) {
              ok = false;
              break;
            }
            out.text(copyValue(checked.value, specs[i]!));
          }
        }
        const catalog = catalogs[i];
        if (catalog && !isNull(out, start) && !catalog.has(out.latin1(start))) {
          ok = false;
          break;
        }
        this.noteKey(i, start);
      }
      if (ok) this.endLine();
      else {
        // Start the row again on the cells path: it finds every problem of the row and words the reasons.
        out.length = rowStart;
        this.writeCells(batch.line[r]!, recordFields(batch, r));
      }
    }
    for (const problem of batch.problems) this.problem(problem.line, problem.reason, problem.raw);
  }
}
