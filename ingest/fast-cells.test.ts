import { describe, expect, it } from "vitest";
import { checkCell, type ColumnSpec } from "./contracts/index.ts";
import { copyValue, CopyLines } from "./copy-lines.ts";
import { fastCellWriter } from "./fast-cells.ts";

function spec(type: ColumnSpec["type"], options: Partial<ColumnSpec> = {}): ColumnSpec {
  return { type, required: false, description: "", example: "", headers: [], ...options };
}

/** The fast writer's verdict on one cell: the COPY text it wrote, or null when it declined. */
function fast(column: ColumnSpec, cell: string): string | null {
  const out = new CopyLines(4);
  out.text("x"); // something before, as in a real line
  const bytes = Buffer.from(`,${cell},`); // the cell inside a record, not alone in its buffer
  const accepted = fastCellWriter(column)(bytes, 1, bytes.length - 1, out);
  const written = out.bytes.toString("utf8", 1, out.length);
  if (!accepted) {
    expect(written, `declined ${JSON.stringify(cell)} but wrote`).toBe("");
    return null;
  }
  return written;
}

/** What the general path makes of the cell: its COPY text, or null when checkCell rejects it. */
function general(column: ColumnSpec, cell: string): string | null {
  const checked = checkCell(column, cell);
  return checked.ok ? copyValue(checked.value, column) : null;
}

const COLUMNS: Record<string, ColumnSpec> = {
  text: spec("text"),
  requiredText: spec("text", { required: true }),
  enumText: spec("text", { values: ["民事", "刑事", "一审"] }),
  integer: spec("integer"),
  count: spec("integer", { min: 0, max: 1000 }),
  decimal: spec("decimal", { min: 0 }),
  date: spec("date"),
  requiredDate: spec("date", { required: true }),
  month: spec("month"),
  boolean: spec("boolean"),
};

// Canonical cells the fast lane must take (or the speed-up is gone), and tricky ones it may decline.
const CANONICAL: [keyof typeof COLUMNS, string][] = [
  ["text", "(2024)浙0106民初1234号"],
  ["text", "（2024）浙0106民初1号"],
  ["text", "FY330106"],
  ["text", "张三"],
  ["text", "a b"],
  ["text", "=cmd|' /C calc'!A0"],
  ["text", ""],
  ["enumText", "民事"],
  ["integer", "180"],
  ["integer", "-5"],
  ["integer", "0"],
  ["count", "1000"],
  ["decimal", "120000"],
  ["date", "2024-03-05"],
  ["date", "2024-02-29"],
  ["date", ""],
  ["month", "2024-03"],
  ["boolean", "true"],
  ["boolean", "false"],
  ["boolean", "是"],
  ["boolean", "否"],
  ["boolean", "1"],
];

const TRICKY: [keyof typeof COLUMNS, string][] = [
  ["text", " 张三"],
  ["text", "张三 "],
  ["text", "\u3000张三"],
  ["text", "张三\u3000"],
  ["text", "\u00a0x"],
  ["text", "x\u00a0"],
  ["text", "\ufeffx"],
  ["text", "x\ufeff"],
  ["text", "x\u2003"],
  ["text", "a\\b"],
  ["text", "a\tb"],
  ["text", "a\nb"],
  ["text", "a\r\nb"],
  ["text", "\\N"],
  ["text", "   "],
  ["text", "é"],
  ["text", "😀"],
  ["requiredText", ""],
  ["requiredText", "x"],
  ["enumText", "民事 "],
  ["enumText", "行政"],
  ["enumText", ""],
  ["integer", "007"],
  ["integer", "-0"],
  ["integer", "+5"],
  ["integer", "1,204"],
  ["integer", "５００"],
  ["integer", "1.0"],
  ["integer", "1e3"],
  ["integer", "12%"],
  ["integer", "-"],
  ["integer", "9999999999999999"],
  ["integer", "123456789012345"],
  ["count", "-1"],
  ["count", "1001"],
  ["decimal", "0.5"],
  ["decimal", "1.50"],
  ["decimal", "-3"],
  ["decimal", "33.3%"],
  ["date", "2024-02-30"],
  ["date", "2023-02-29"],
  ["date", "1900-02-29"],
  ["date", "2000-02-29"],
  ["date", "0000-01-01"],
  ["date", "2024-13-01"],
  ["date", "2024-00-10"],
  ["date", "2024-1-5"],
  ["date", "2024/3/5"],
  ["date", "2024年3月5日"],
  ["date", "2024-03-05 08:30"],
  ["date", "45356"],
  ["date", "20240305"],
  ["date", "2024-03-0x"],
  ["requiredDate", ""],
  ["month", "2024-13"],
  ["month", "2024-00"],
  ["month", "2024年3月"],
  ["month", "202403"],
  ["month", "2024-3"],
  ["boolean", "TRUE"],
  ["boolean", "True"],
  ["boolean", "Y"],
  ["boolean", "yes"],
  ["boolean", " 是"],
  ["boolean", "ＴＲＵＥ"],
  ["boolean", "2"],
  ["boolean", "maybe"],
];

describe("fast cell writers", () => {
  it("take every canonical cell, writing exactly what checkCell and copyValue give", () => {
    for (const [column, cell] of CANONICAL) {
      const expected = general(COLUMNS[column]!, cell);
      expect(expected, `${column} ${JSON.stringify(cell)} is valid`).not.toBeNull();
      expect(fast(COLUMNS[column]!, cell), `${column} ${JSON.stringify(cell)}`).toBe(expected);
    }
  });

  it("never accept a cell checkCell rejects, nor write anything else than it would", () => {
    for (const [column, cell] of [...CANONICAL, ...TRICKY]) {
      const written = fast(COLUMNS[column]!, cell);
      if (written !== null) expect(written, `${column} ${JSON.stringify(cell)}`).toBe(general(COLUMNS[column]!, cell));
    }
  });

  it("agree with the general path on every short cell over a small alphabet", () => {
    // Exhaustive over strings of up to 4 characters drawn from the characters that matter to the
    // recognisers, so a corner no list above thought of still has to agree.
    const alphabet = ["0", "1", "2", "9", "-", " ", "\u3000", "a", "是", "\\", "\t"];
    const cells: string[] = [""];
    let frontier = [""];
    for (let length = 1; length <= 4; length++) {
      frontier = frontier.flatMap((prefix) => alphabet.map((c) => prefix + c));
      cells.push(...frontier);
    }
    let accepted = 0;
    for (const column of Object.values(COLUMNS)) {
      for (const cell of cells) {
        const written = fast(column, cell);
        if (written === null) continue;
        accepted++;
        expect(written, `${column.type} ${JSON.stringify(cell)}`).toBe(general(column, cell));
      }
    }
    expect(accepted).toBeGreaterThan(1000);
  });

  it("agree on every day and month number around the calendar's edges", () => {
    const pad = (n: number, width: number) => String(n).padStart(width, "0");
    for (const year of [1, 99, 1600, 1900, 2000, 2023, 2024, 2100, 9999]) {
      for (let month = 0; month <= 13; month++) {
        const monthCell = `${pad(year, 4)}-${pad(month, 2)}`;
        expect(fast(COLUMNS.month!, monthCell) ?? general(COLUMNS.month!, monthCell), monthCell).toBe(general(COLUMNS.month!, monthCell));
        for (let day = 0; day <= 32; day++) {
          const cell = `${monthCell}-${pad(day, 2)}`;
          const written = fast(COLUMNS.date!, cell);
          if (written !== null) expect(written, cell).toBe(general(COLUMNS.date!, cell));
          else expect(general(COLUMNS.date!, cell), `${cell} declined but valid`).toBeNull();
        }
      }
    }
  });
});
