// Turns one raw cell (string, number, boolean, Date, null) into a typed value or a reason to reject it.

export type Parsed<T> = { ok: true; value: T | null } | { ok: false; reason: string };

const BLANK: Parsed<never> = { ok: true, value: null };

function accepted<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

function rejected<T>(reason: string): Parsed<T> {
  return { ok: false, reason };
}

/** How a raw cell is shown inside a reason; reasons land in the rejected-rows table. */
function quoted(raw: unknown): string {
  if (raw instanceof Date) return JSON.stringify(Number.isNaN(raw.getTime()) ? "Invalid Date" : raw.toISOString());
  if (typeof raw === "string") return JSON.stringify(raw.length > 100 ? `${raw.slice(0, 100)}…` : raw);
  return JSON.stringify(String(raw));
}

const FULL_WIDTH_SIGNS: Record<string, string> = { "，": ",", "．": ".", "－": "-", "％": "%", "＋": "+" };

/** Full-width digits and full-width , . - % + become their ASCII forms; everything else is left alone. */
const FULL_WIDTH = /[０-９，．－％＋]/;

export function normaliseDigits(text: string): string {
  // Almost every cell is already half-width: test before building a new string.
  if (!FULL_WIDTH.test(text)) return text;
  return text.replace(/[０-９，．－％＋]/g, (char) => {
    const code = char.charCodeAt(0);
    return code >= 0xff10 && code <= 0xff19 ? String.fromCharCode(code - 0xff10 + 0x30) : (FULL_WIDTH_SIGNS[char] ?? char);
  });
}

/** Trimmed text, or null when nothing is left. String.prototype.trim covers ASCII space, U+3000, NBSP and BOM. */
function trimmedOrNull(text: string): string | null {
  const trimmed = text.trim();
  return trimmed === "" ? null : trimmed;
}

export function parseText(raw: unknown): Parsed<string> {
  if (raw === null || raw === undefined) return BLANK;
  // Formula-like text (=…, +…, -…, @…) passes through untouched: it is data, and escaping it is the exporter's job.
  if (typeof raw === "string") return accepted(trimmedOrNull(raw));
  if (typeof raw === "number") return Number.isFinite(raw) ? accepted(String(raw)) : rejected(`not a finite number: ${quoted(raw)}`);
  if (typeof raw === "bigint" || typeof raw === "boolean") return accepted(String(raw));
  if (raw instanceof Date) {
    const day = calendarDayOf(raw);
    return day === null ? rejected(`not a date: ${quoted(raw)}`) : accepted(day);
  }
  return rejected(`not text: ${quoted(raw)}`);
}

// ─── numbers ───────────────────────────────────────────────────────────────

const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;
const GROUPED_NUMBER = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?(?:e[+-]?\d+)?$/i;
/** Digits and commas that fail GROUPED_NUMBER: a separator in the wrong place, not a typo of letters. */
const MISGROUPED_NUMBER = /^[+-]?[\d,]*\d[\d,]*(?:\.\d*)?$/;

/** The number a string spells; a trailing % divides by 100. */
function numberFromText(raw: string): Parsed<number> {
  const text = normaliseDigits(raw).trim();
  if (text === "") return BLANK;
  const percent = text.endsWith("%");
  const body = percent ? text.slice(0, -1).trimEnd() : text;
  let plain: string;
  if (PLAIN_NUMBER.test(body)) plain = body;
  else if (GROUPED_NUMBER.test(body)) plain = body.replaceAll(",", "");
  else if (body.includes(",") && MISGROUPED_NUMBER.test(body)) return rejected(`misplaced thousands separator: ${quoted(raw)}`);
  else return rejected(`not a number: ${quoted(raw)}`);
  // Shifting the exponent instead of dividing by 100 keeps "33.3%" at exactly 0.333.
  const value = !percent ? Number(plain) : /e/i.test(plain) ? Number(plain) / 100 : Number(`${plain}e-2`);
  return Number.isFinite(value) ? accepted(value) : rejected(`number out of range: ${quoted(raw)}`);
}

function numberFrom(raw: unknown): Parsed<number> {
  if (raw === null || raw === undefined) return BLANK;
  if (typeof raw === "number") return Number.isFinite(raw) ? accepted(raw) : rejected(`not a number: ${quoted(raw)}`);
  if (typeof raw === "bigint") return accepted(Number(raw));
  if (typeof raw === "string") return numberFromText(raw);
  return rejected(`not a number: ${quoted(raw)}`);
}

export function parseDecimal(raw: unknown): Parsed<number> {
  return numberFrom(raw);
}

export function parseInteger(raw: unknown): Parsed<number> {
  // A percentage is a ratio, never a count, even when it happens to come out whole.
  if (typeof raw === "string" && /[%％]\s*$/.test(raw)) return rejected(`not a whole number: ${quoted(raw)}`);
  if (typeof raw === "bigint") {
    return Number.isSafeInteger(Number(raw)) ? accepted(Number(raw)) : rejected(`number too large: ${quoted(raw)}`);
  }
  const parsed = numberFrom(raw);
  if (!parsed.ok || parsed.value === null) return parsed;
  if (!Number.isInteger(parsed.value)) return rejected(`not a whole number: ${quoted(raw)}`);
  if (!Number.isSafeInteger(parsed.value)) return rejected(`number too large: ${quoted(raw)}`);
  // -0 from "-0" would print as 0 anyway, but Object.is comparisons downstream should not see it.
  return accepted(parsed.value === 0 ? 0 : parsed.value);
}

// ─── dates ─────────────────────────────────────────────────────────────────

/** Serials of 1900-03-01 and 2100-01-01 in Excel's 1900 system; below 61 the Lotus leap-day bug makes serials ambiguous. */
const FIRST_SERIAL = 61;
const LAST_SERIAL = 73051;
/** Day zero for serials ≥ 61: Excel counts a 1900-02-29 that never was, so the epoch moves back one day to 1899-12-30. */
const SERIAL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

const pad2 = (n: number): string => String(n).padStart(2, "0");
const pad4 = (n: number): string => String(n).padStart(4, "0");

function isoDay(year: number, month: number, day: number): string {
  return `${pad4(year)}-${pad2(month)}-${pad2(day)}`;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in a month (1–12) of the proleptic Gregorian calendar; no Date, so the loader's fast lane can use it per cell. */
export function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}

/**
 * The calendar day a Date stands for. Readers give whole days as UTC midnight (exceljs, Arrow date
 * columns), so those keep their UTC day whatever the server's zone; anything else is an instant and
 * takes the local day.
 */
function calendarDayOf(date: Date): string | null {
  const ms = date.getTime();
  if (Number.isNaN(ms)) return null;
  if (ms % DAY_MS === 0) return isoDay(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
  return isoDay(date.getFullYear(), date.getMonth() + 1, date.getDate());
}

function dayFromSerial(serial: number): string | null {
  const whole = Math.floor(serial);
  if (whole < FIRST_SERIAL || whole > LAST_SERIAL) return null;
  const date = new Date(SERIAL_EPOCH_MS + whole * DAY_MS);
  return isoDay(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

/** A checked day, or the "impossible date" rejection for 2024-02-30 and friends. */
function checkedDay(year: number, month: number, day: number): Parsed<string> {
  const text = isoDay(year, month, day);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return rejected(`impossible date ${text}`);
  return accepted(text);
}

/** Full-width digits, slashes and colons folded, so "２０２４／３／５" reads like "2024/3/5". */
function dateText(raw: string): string {
  return normaliseDigits(raw).replace(/／/g, "/").replace(/：/g, ":").trim();
}

/** An optional time of day after a date ("2024-03-05 08:30:00", "2024-03-05T00:00:00Z"); the date part is what counts. */
const TIME_SUFFIX = String.raw`(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?`;
const SEPARATED_DATE = new RegExp(String.raw`^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})${TIME_SUFFIX}$`);
const CHINESE_DATE = new RegExp(String.raw`^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]${TIME_SUFFIX}$`);
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;
const SERIAL_TEXT = /^\d+(?:\.\d+)?$/;

function dateFromText(raw: string): Parsed<string> {
  const text = dateText(raw);
  if (text === "") return BLANK;
  const spelled = SEPARATED_DATE.exec(text) ?? CHINESE_DATE.exec(text);
  if (spelled) {
    const [year, month, day] = spelled[0].includes("年")
      ? [spelled[1], spelled[2], spelled[3]]
      : [spelled[1], spelled[3], spelled[4]];
    return checkedDay(Number(year), Number(month), Number(day));
  }
  const compact = COMPACT_DATE.exec(text);
  if (compact) return checkedDay(Number(compact[1]), Number(compact[2]), Number(compact[3]));
  if (SERIAL_TEXT.test(text)) {
    const day = dayFromSerial(Number(text));
    if (day !== null) return accepted(day);
  }
  return rejected(`not a date: ${quoted(raw)}`);
}

export function parseDate(raw: unknown): Parsed<string> {
  if (raw === null || raw === undefined) return BLANK;
  if (typeof raw === "string") return dateFromText(raw);
  if (raw instanceof Date) {
    const day = calendarDayOf(raw);
    return day === null ? rejected(`not a date: ${quoted(raw)}`) : accepted(day);
  }
  if (typeof raw === "number") {
    const day = Number.isFinite(raw) ? dayFromSerial(raw) : null;
    if (day !== null) return accepted(day);
    // A number cell holding 20240305 is a compact date typed into a numeric column.
    if (Number.isInteger(raw) && raw >= 10_000_000 && raw <= 99_999_999) return dateFromText(String(raw));
    return rejected(`not a date: ${quoted(raw)}`);
  }
  return rejected(`not a date: ${quoted(raw)}`);
}

// ─── months ────────────────────────────────────────────────────────────────

const SEPARATED_MONTH = /^(\d{4})[-/.](\d{1,2})$/;
const CHINESE_MONTH = /^(\d{4})\s*年\s*(\d{1,2})\s*月(?:份)?$/;
const COMPACT_MONTH = /^(\d{4})(\d{2})$/;

function checkedMonth(year: number, month: number): Parsed<string> {
  const text = `${pad4(year)}-${pad2(month)}`;
  return year < 1 || month < 1 || month > 12 ? rejected(`impossible month ${text}`) : accepted(text);
}

function monthOfDay(day: Parsed<string>, raw: unknown): Parsed<string> {
  if (!day.ok) return day.reason.startsWith("impossible") ? day : rejected(`not a month: ${quoted(raw)}`);
  return accepted(day.value === null ? null : day.value.slice(0, 7));
}

export function parseMonth(raw: unknown): Parsed<string> {
  if (raw === null || raw === undefined) return BLANK;
  if (typeof raw === "number" && Number.isInteger(raw) && raw >= 100_000 && raw <= 999_999) return parseMonth(String(raw));
  if (typeof raw !== "string") return monthOfDay(parseDate(raw), raw);
  const text = dateText(raw);
  if (text === "") return BLANK;
  // A bare year would otherwise pass as an Excel serial ("2024" → 1905-07-16).
  if (/^\d{1,4}$/.test(text)) return rejected(`not a month: ${quoted(raw)}`);
  const month = SEPARATED_MONTH.exec(text) ?? CHINESE_MONTH.exec(text) ?? COMPACT_MONTH.exec(text);
  if (month) return checkedMonth(Number(month[1]), Number(month[2]));
  return monthOfDay(dateFromText(raw), raw);
}

// ─── booleans ──────────────────────────────────────────────────────────────

const TRUE_WORDS = new Set(["是", "y", "yes", "1", "true", "t"]);
const FALSE_WORDS = new Set(["否", "n", "no", "0", "false", "f"]);

export function parseBoolean(raw: unknown): Parsed<boolean> {
  if (raw === null || raw === undefined) return BLANK;
  if (typeof raw === "boolean") return accepted(raw);
  if (typeof raw === "number") {
    if (raw === 1) return accepted(true);
    if (raw === 0) return accepted(false);
    return rejected(`not a yes/no value: ${quoted(raw)}`);
  }
  if (typeof raw !== "string") return rejected(`not a yes/no value: ${quoted(raw)}`);
  // NFKC folds full-width letters and digits ("ＴＲＵＥ", "１") into ASCII.
  const word = raw.normalize("NFKC").trim().toLowerCase();
  if (word === "") return BLANK;
  if (TRUE_WORDS.has(word)) return accepted(true);
  if (FALSE_WORDS.has(word)) return accepted(false);
  return rejected(`not a yes/no value: ${quoted(raw)}`);
}
