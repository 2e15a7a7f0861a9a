import { describe, expect, it } from "vitest";
import {
  normaliseDigits,
  parseBoolean,
  parseDate,
  parseDecimal,
  parseInteger,
  parseMonth,
  parseText,
  type Parsed,
} from "./values.ts";

const ok = <T>(value: T | null): Parsed<T> => ({ ok: true, value });
const fails = (reason: string): Parsed<never> => ({ ok: false, reason });

describe("normaliseDigits", () => {
  it("turns full-width digits and signs into ASCII", () => {
    expect(normaliseDigits("０１２３４５６７８９")).toBe("0123456789");
    expect(normaliseDigits("－１，２３４．５％")).toBe("-1,234.5%");
    expect(normaliseDigits("＋７")).toBe("+7");
  });

  it("leaves everything else alone", () => {
    expect(normaliseDigits("2024年3月5日 abc，")).toBe("2024年3月5日 abc,");
    expect(normaliseDigits("案件（一审）")).toBe("案件（一审）");
  });
});

describe("parseText", () => {
  it("trims ASCII and ideographic whitespace", () => {
    expect(parseText("  人民法院 \t")).toEqual(ok("人民法院"));
    expect(parseText("\u3000\u3000张三\u3000")).toEqual(ok("张三"));
    expect(parseText("张\u3000三")).toEqual(ok("张\u3000三"));
  });

  it("gives null for blank cells", () => {
    expect(parseText("")).toEqual(ok(null));
    expect(parseText("   ")).toEqual(ok(null));
    expect(parseText("\u3000")).toEqual(ok(null));
    expect(parseText(null)).toEqual(ok(null));
    expect(parseText(undefined)).toEqual(ok(null));
  });

  it("keeps formula-like text verbatim", () => {
    for (const formula of ["=cmd|' /C calc'!A0", "+1", "-2+3", "@SUM(A1)", "=1+1", "'=quoted"]) {
      expect(parseText(formula)).toEqual(ok(formula));
    }
    expect(parseText("  =HYPERLINK(\"http://x\")  ")).toEqual(ok('=HYPERLINK("http://x")'));
  });

  it("writes numbers, booleans and dates as text", () => {
    expect(parseText(0)).toEqual(ok("0"));
    expect(parseText(12.5)).toEqual(ok("12.5"));
    expect(parseText(true)).toEqual(ok("true"));
    expect(parseText(new Date(Date.UTC(2024, 2, 5)))).toEqual(ok("2024-03-05"));
    expect(parseText(Number.NaN).ok).toBe(false);
  });
});

describe("parseInteger", () => {
  it("reads plain, signed and full-width integers", () => {
    expect(parseInteger("42")).toEqual(ok(42));
    expect(parseInteger(" -7 ")).toEqual(ok(-7));
    expect(parseInteger("+3")).toEqual(ok(3));
    expect(parseInteger("１２３")).toEqual(ok(123));
    expect(parseInteger("－１２")).toEqual(ok(-12));
    expect(parseInteger(17)).toEqual(ok(17));
  });

  it("reads thousands separators, ASCII and full-width", () => {
    expect(parseInteger("1,234,567")).toEqual(ok(1234567));
    expect(parseInteger("１，２３４")).toEqual(ok(1234));
    expect(parseInteger("1，234")).toEqual(ok(1234));
  });

  it("tells blank from zero", () => {
    expect(parseInteger("")).toEqual(ok(null));
    expect(parseInteger("  ")).toEqual(ok(null));
    expect(parseInteger(null)).toEqual(ok(null));
    expect(parseInteger("0")).toEqual(ok(0));
    expect(parseInteger("０")).toEqual(ok(0));
    expect(parseInteger(0)).toEqual(ok(0));
    expect(parseInteger("-0")).toEqual(ok(0));
  });

  it("accepts whole numbers written with a zero fraction", () => {
    expect(parseInteger("12.0")).toEqual(ok(12));
    expect(parseInteger(12.0)).toEqual(ok(12));
  });

  it("rejects fractions, percentages and unsafe integers", () => {
    expect(parseInteger("1.5")).toEqual(fails('not a whole number: "1.5"'));
    expect(parseInteger(1.5)).toEqual(fails('not a whole number: "1.5"'));
    expect(parseInteger("50%")).toEqual(fails('not a whole number: "50%"'));
    expect(parseInteger("9007199254740993")).toEqual(fails('number too large: "9007199254740993"'));
    expect(parseInteger(2n ** 60n)).toEqual(fails(`number too large: "${2n ** 60n}"`));
    expect(parseInteger(12n)).toEqual(ok(12));
  });

  it("rejects what is not a number, quoting it", () => {
    expect(parseInteger("12a")).toEqual(fails('not a number: "12a"'));
    expect(parseInteger("十二")).toEqual(fails('not a number: "十二"'));
    expect(parseInteger("1 234")).toEqual(fails('not a number: "1 234"'));
    expect(parseInteger(true)).toEqual(fails('not a number: "true"'));
    expect(parseInteger("1,23")).toEqual(fails('misplaced thousands separator: "1,23"'));
  });
});

describe("parseDecimal", () => {
  it("reads fractions, full-width text and separators", () => {
    expect(parseDecimal("3.14")).toEqual(ok(3.14));
    expect(parseDecimal("-0.5")).toEqual(ok(-0.5));
    expect(parseDecimal(".5")).toEqual(ok(0.5));
    expect(parseDecimal("３．５")).toEqual(ok(3.5));
    expect(parseDecimal("1,234.56")).toEqual(ok(1234.56));
    expect(parseDecimal("１，２３４．５")).toEqual(ok(1234.5));
    expect(parseDecimal("1.5E+3")).toEqual(ok(1500));
    expect(parseDecimal(2.25)).toEqual(ok(2.25));
  });

  it("divides percentages by 100 without float noise", () => {
    expect(parseDecimal("12.5%")).toEqual(ok(0.125));
    expect(parseDecimal("33.3%")).toEqual(ok(0.333));
    expect(parseDecimal("100%")).toEqual(ok(1));
    expect(parseDecimal("１２．５％")).toEqual(ok(0.125));
    expect(parseDecimal("-5 %")).toEqual(ok(-0.05));
    expect(parseDecimal("1,250%")).toEqual(ok(12.5));
    expect(parseDecimal("1e2%")).toEqual(ok(1));
  });

  it("tells blank from zero", () => {
    expect(parseDecimal("")).toEqual(ok(null));
    expect(parseDecimal("\u3000")).toEqual(ok(null));
    expect(parseDecimal("0")).toEqual(ok(0));
    expect(parseDecimal("0.0")).toEqual(ok(0));
    expect(parseDecimal("0%")).toEqual(ok(0));
  });

  it("rejects misplaced thousands separators", () => {
    expect(parseDecimal("1,23")).toEqual(fails('misplaced thousands separator: "1,23"'));
    expect(parseDecimal("1,2,3")).toEqual(fails('misplaced thousands separator: "1,2,3"'));
    expect(parseDecimal("1234,567")).toEqual(fails('misplaced thousands separator: "1234,567"'));
    expect(parseDecimal("1,234,56.7")).toEqual(fails('misplaced thousands separator: "1,234,56.7"'));
  });

  it("rejects what is not a number", () => {
    expect(parseDecimal("12a")).toEqual(fails('not a number: "12a"'));
    expect(parseDecimal("%")).toEqual(fails('not a number: "%"'));
    expect(parseDecimal("1.2.3")).toEqual(fails('not a number: "1.2.3"'));
    expect(parseDecimal("NaN")).toEqual(fails('not a number: "NaN"'));
    expect(parseDecimal("Infinity")).toEqual(fails('not a number: "Infinity"'));
    expect(parseDecimal(Number.POSITIVE_INFINITY).ok).toBe(false);
    expect(parseDecimal("1e400")).toEqual(fails('number out of range: "1e400"'));
    expect(parseDecimal(new Date()).ok).toBe(false);
  });
});

describe("parseDate", () => {
  it("reads every written form", () => {
    for (const text of ["2024-03-05", "2024/3/5", "2024/03/05", "2024年3月5日", "2024年03月05日", "2024.3.5", "2024 年 3 月 5 日", "20240305"]) {
      expect(parseDate(text), text).toEqual(ok("2024-03-05"));
    }
  });

  it("reads full-width digits and separators", () => {
    expect(parseDate("２０２４年３月５日")).toEqual(ok("2024-03-05"));
    expect(parseDate("２０２４－０３－０５")).toEqual(ok("2024-03-05"));
    expect(parseDate("２０２４／３／５")).toEqual(ok("2024-03-05"));
  });

  it("ignores a time of day after the date", () => {
    expect(parseDate("2024-03-05 14:30:00")).toEqual(ok("2024-03-05"));
    expect(parseDate("2024/3/5 8:05")).toEqual(ok("2024-03-05"));
    expect(parseDate("2024-03-05T00:00:00.000Z")).toEqual(ok("2024-03-05"));
    expect(parseDate("2024年3月5日 09:00")).toEqual(ok("2024-03-05"));
  });

  it("reads Excel serials as numbers and as text (1900 system)", () => {
    expect(parseDate(45356)).toEqual(ok("2024-03-05"));
    expect(parseDate("45356")).toEqual(ok("2024-03-05"));
    expect(parseDate("４５３５６")).toEqual(ok("2024-03-05"));
    expect(parseDate(45356.75)).toEqual(ok("2024-03-05"));
    expect(parseDate(61)).toEqual(ok("1900-03-01"));
    expect(parseDate(25569)).toEqual(ok("1970-01-01"));
    expect(parseDate(73051)).toEqual(ok("2100-01-01"));
  });

  it("rejects serials outside the plausible range, including the Lotus leap day", () => {
    expect(parseDate(60)).toEqual(fails('not a date: "60"'));
    expect(parseDate("60")).toEqual(fails('not a date: "60"'));
    expect(parseDate(0)).toEqual(fails('not a date: "0"'));
    expect(parseDate(73052)).toEqual(fails('not a date: "73052"'));
    expect(parseDate(-5)).toEqual(fails('not a date: "-5"'));
  });

  it("reads JS dates: UTC midnight keeps its UTC day, other instants take the local day", () => {
    expect(parseDate(new Date(Date.UTC(2024, 2, 5)))).toEqual(ok("2024-03-05"));
    expect(parseDate(new Date(2024, 2, 5, 15, 30))).toEqual(ok("2024-03-05"));
    expect(parseDate(new Date(Date.UTC(1899, 11, 31)))).toEqual(ok("1899-12-31"));
    expect(parseDate(new Date(Number.NaN))).toEqual(fails('not a date: "Invalid Date"'));
  });

  it("rejects impossible dates, naming them", () => {
    expect(parseDate("2024-02-30")).toEqual(fails("impossible date 2024-02-30"));
    expect(parseDate("2023-13-01")).toEqual(fails("impossible date 2023-13-01"));
    expect(parseDate("2023年13月1日")).toEqual(fails("impossible date 2023-13-01"));
    expect(parseDate("2023年2月29日")).toEqual(fails("impossible date 2023-02-29"));
    expect(parseDate("2023/4/31")).toEqual(fails("impossible date 2023-04-31"));
    expect(parseDate("2024-00-10")).toEqual(fails("impossible date 2024-00-10"));
    expect(parseDate("20230229")).toEqual(fails("impossible date 2023-02-29"));
    expect(parseDate("2024-02-29")).toEqual(ok("2024-02-29"));
    expect(parseDate("2000-02-29")).toEqual(ok("2000-02-29"));
    expect(parseDate("1900-02-29")).toEqual(fails("impossible date 1900-02-29"));
  });

  it("rejects what is not a date, quoting it", () => {
    expect(parseDate("next Tuesday")).toEqual(fails('not a date: "next Tuesday"'));
    expect(parseDate("2024-03")).toEqual(fails('not a date: "2024-03"'));
    expect(parseDate("24/3/5")).toEqual(fails('not a date: "24/3/5"'));
    expect(parseDate("2024-3/5")).toEqual(fails('not a date: "2024-3/5"'));
    expect(parseDate(true)).toEqual(fails('not a date: "true"'));
  });

  it("gives null for blank cells", () => {
    expect(parseDate("")).toEqual(ok(null));
    expect(parseDate("\u3000 ")).toEqual(ok(null));
    expect(parseDate(null)).toEqual(ok(null));
  });
});

describe("parseMonth", () => {
  it("reads every month form", () => {
    for (const text of ["2024-03", "2024-3", "2024/3", "2024.03", "2024年3月", "2024年03月", "2024年3月份", "202403", "２０２４年３月"]) {
      expect(parseMonth(text), text).toEqual(ok("2024-03"));
    }
    expect(parseMonth(202403)).toEqual(ok("2024-03"));
  });

  it("takes the month of a full date", () => {
    expect(parseMonth("2024-03-05")).toEqual(ok("2024-03"));
    expect(parseMonth("2024年3月31日")).toEqual(ok("2024-03"));
    expect(parseMonth(45356)).toEqual(ok("2024-03"));
    expect(parseMonth(new Date(Date.UTC(2024, 2, 1)))).toEqual(ok("2024-03"));
  });

  it("rejects impossible and unreadable months", () => {
    expect(parseMonth("2024-13")).toEqual(fails("impossible month 2024-13"));
    expect(parseMonth("202400")).toEqual(fails("impossible month 2024-00"));
    expect(parseMonth("2024-02-30")).toEqual(fails("impossible date 2024-02-30"));
    expect(parseMonth("三月")).toEqual(fails('not a month: "三月"'));
    expect(parseMonth("2024")).toEqual(fails('not a month: "2024"'));
    expect(parseMonth("")).toEqual(ok(null));
  });
});

describe("parseBoolean", () => {
  it("reads 是/否 and its usual stand-ins", () => {
    for (const yes of ["是", "Y", "y", "yes", "1", "true", "TRUE", "True", " 是 ", "１", "ＴＲＵＥ"]) expect(parseBoolean(yes), yes).toEqual(ok(true));
    for (const no of ["否", "N", "n", "NO", "0", "false", "FALSE", "０"]) expect(parseBoolean(no), no).toEqual(ok(false));
  });

  it("takes booleans and 1/0 numbers as they are", () => {
    expect(parseBoolean(true)).toEqual(ok(true));
    expect(parseBoolean(false)).toEqual(ok(false));
    expect(parseBoolean(1)).toEqual(ok(true));
    expect(parseBoolean(0)).toEqual(ok(false));
  });

  it("gives null for blanks and rejects the rest", () => {
    expect(parseBoolean("")).toEqual(ok(null));
    expect(parseBoolean(null)).toEqual(ok(null));
    expect(parseBoolean("也许")).toEqual(fails('not a yes/no value: "也许"'));
    expect(parseBoolean("有")).toEqual(fails('not a yes/no value: "有"'));
    expect(parseBoolean(2)).toEqual(fails('not a yes/no value: "2"'));
  });
});
