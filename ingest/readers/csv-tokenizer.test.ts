import { describe, expect, it } from "vitest";
import { CsvTokenizer, type TokenizerEvent } from "./csv-tokenizer.ts";

/** Tokenize text delivered in the given pieces. */
function tokenize(pieces: string[], delimiter = ","): TokenizerEvent[] {
  const tokenizer = new CsvTokenizer(delimiter);
  const out: TokenizerEvent[] = [];
  for (const piece of pieces) tokenizer.push(piece, out);
  tokenizer.end(out);
  return out;
}

const SAMPLE = [
  "案号,当事人,备注\r\n",
  '(2026)浙0106民初1号,张三,"说明，含逗号"\r\n',
  "\r\n",
  '(2026)浙0106民初2号,李四,"两行\r\n说明"\r\n',
  '(2026)浙0106民初3号,"王""五",普通"引号\r\n',
  ",,\r\n",
  '(2026)浙0106民初4号,赵六,"a"b\r\n',
  "(2026)浙0106民初5号,钱七\r\n",
  "(2026)浙0106民初6号,孙八,末尾",
].join("");

describe("CSV tokenizer", () => {
  it("splits fields and records, unquotes, keeps line breaks inside quotes, and counts physical lines", () => {
    const events = tokenize([SAMPLE]);
    expect(events.map((e) => (e.kind === "record" ? [e.record.line, e.record.fields] : e.kind))).toEqual([
      [1, ["案号", "当事人", "备注"]],
      [2, ["(2026)浙0106民初1号", "张三", "说明，含逗号"]],
      [4, ["(2026)浙0106民初2号", "李四", "两行\r\n说明"]],
      [6, ["(2026)浙0106民初3号", '王"五', '普通"引号']],
      // line 7 holds ",,": a blank row, skipped
      [8, ["(2026)浙0106民初4号", "赵六", '"a"b']],
      [9, ["(2026)浙0106民初5号", "钱七"]],
      [10, ["(2026)浙0106民初6号", "孙八", "末尾"]],
    ]);
  });

  it("keeps the raw text of a record whose field count differs from the header's, and only then", () => {
    const records = tokenize([SAMPLE]).flatMap((e) => (e.kind === "record" ? [e.record] : []));
    expect(records.filter((r) => r.raw !== null).map((r) => r.raw)).toEqual(["(2026)浙0106民初5号,钱七"]);
  });

  it("gives the same result however the text is cut into chunks", () => {
    const whole = tokenize([SAMPLE]);
    for (let cut = 1; cut < SAMPLE.length; cut++) {
      expect(tokenize([SAMPLE.slice(0, cut), SAMPLE.slice(cut)]), `cut at ${cut}`).toEqual(whole);
    }
    expect(tokenize([...SAMPLE])).toEqual(whole); // one character at a time
  });

  it("treats LF, CRLF and a lone CR as line ends", () => {
    const events = tokenize(["a,b\nc,d\re,f\r\n\ng,h"]);
    expect(events.map((e) => (e.kind === "record" ? `${e.record.line}:${e.record.fields.join("|")}` : ""))).toEqual(["1:a|b", "2:c|d", "3:e|f", "5:g|h"]);
  });

  it("reports an unterminated quote at the end of the file with the record's line and text, after the good records", () => {
    const events = tokenize(["h1,h2\nok,1\n", 'bad,"never closed\nstill open\n']);
    expect(events[1]).toEqual({ kind: "record", record: { line: 2, fields: ["ok", "1"], raw: null } });
    expect(events[2]).toEqual({
      kind: "problem",
      problem: { line: 3, reason: "unterminated quote: the file ends inside a quoted field (truncated file?)", raw: 'bad,"never closed\nstill open' },
    });
  });

  it("keeps a trailing empty field and honours another delimiter", () => {
    expect(tokenize(["a;b;\n1;2;\n"], ";").map((e) => (e.kind === "record" ? e.record.fields : []))).toEqual([
      ["a", "b", ""],
      ["1", "2", ""],
    ]);
    expect(tokenize(["a\tb\n1\t2"], "\t").map((e) => (e.kind === "record" ? e.record.fields : []))).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
  });
});
