import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import ExcelJS from "./exceljs.ts";
import { exceljsUtf8Patched } from "./exceljs-utf8.ts";
import { openFile } from "./readers/index.ts";

it("reads Chinese text from a large XLSX without splitting characters at stream chunk boundaries", async () => {
  expect(exceljsUtf8Patched).toBe(true);
  const path = join(mkdtempSync(join(tmpdir(), "jiandu-xlsx-")), "big.xlsx");
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false });
  const sheet = writer.addWorksheet("数据");
  sheet.addRow(["业务类别", "起诉决定", "罪名"]).commit();
  const rows = 20_000;
  for (let i = 0; i < rows; i++) sheet.addRow(["侦查活动监督", "提起公诉", `掩饰、隐瞒犯罪所得罪${i}`]).commit();
  sheet.commit();
  await writer.commit();

  const opened = await openFile(path);
  let count = 0;
  for await (const item of opened.items) {
    expect(item.kind).toBe("row");
    if (item.kind !== "row") continue;
    expect(item.row.cells.slice(0, 2)).toEqual(["侦查活动监督", "提起公诉"]);
    expect(String(item.row.cells[2])).not.toContain("\uFFFD");
    count++;
  }
  expect(count).toBe(rows);
});
