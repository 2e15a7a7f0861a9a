// The loader's fast lane for CSV: a cell already in its canonical form (an ISO date, a plain count,
// "true", a code with no stray spaces…) is checked on its UTF-8 bytes and copied into the COPY line
// without becoming a JavaScript string. Anything else — a Chinese date, a full-width digit, a padded
// value, a bad value — is declined, and the loader hands that cell to checkCell, which has the last
// word. So a fast writer only ever accepts what checkCell accepts, and writes what copyValue would:
// `fast-cells.test.ts` holds every writer to that over a corpus of tricky cells.
import { rangeProblem, type ColumnSpec } from "./contracts/index.ts";
import type { CopyLines } from "./copy-lines.ts";
import { daysInMonth } from "./values.ts";

/** Write the cell src[start, end) to out as COPY text and return true, or return false and write nothing. */
export type FastCellWriter = (src: Buffer, start: number, end: number, out: CopyLines) => boolean;

const BACKSLASH = 92;
const DASH = 45;
const ZERO = 48;
const NINE = 57;

/** Null: a blank cell, unless the column requires a value (checkCell gives that reason). */
function writeBlank(spec: ColumnSpec, out: CopyLines): boolean {
  if (spec.required) return false;
  out.reserve(2);
  out.bytes[out.length++] = BACKSLASH;
  out.bytes[out.length++] = 78; // N
  return true;
}

/**
 * Whether the character starting at byte i is certainly not whitespace to String.prototype.trim:
 * printable ASCII, or a lead byte of a range with no spaces in it (Latin/Greek/Cyrillic… from U+00C0,
 * U+4000–U+FFFF except U+FEFF, and everything beyond the BMP). U+0080–U+00BF (NBSP), U+1680,
 * U+2000–U+205F and U+3000 are declined, and so the cell goes to the general path.
 */
function surelyNotSpace(src: Buffer, i: number): boolean {
  const c = src[i]!;
  if (c < 0x80) return c > 0x20 && c < 0x7f;
  if (c >= 0xc3 && c <= 0xdf) return true;
  if (c >= 0xe4 && c <= 0xee) return true;
  if (c === 0xef) return !(src[i + 1] === 0xbb && src[i + 2] === 0xbf);
  return c >= 0xf0 && c <= 0xf4;
}

/** The start of the last character of a non-empty UTF-8 range. */
function lastCharStart(src: Buffer, start: number, end: number): number {
  let i = end - 1;
  while (i > start && (src[i]! & 0xc0) === 0x80) i--;
  return i;
}

/** Copy text that needs no trimming and no COPY escapes; decline otherwise. */
function writePlainText(src: Buffer, start: number, end: number, out: CopyLines): boolean {
  if (!surelyNotSpace(src, start) || !surelyNotSpace(src, lastCharStart(src, start, end))) return false;
  out.reserve(end - start);
  const bytes = out.bytes;
  let at = out.length;
  for (let i = start; i < end; i++) {
    const c = src[i]!;
    // Backslash, tab, LF, CR need COPY escapes and NUL cannot be stored: the general path decides.
    if (c === BACKSLASH || (c < 14 && (c === 9 || c === 10 || c === 13 || c === 0))) return false;
    bytes[at++] = c;
  }
  out.length = at;
  return true;
}

function equalBytes(src: Buffer, start: number, end: number, candidate: Buffer): boolean {
  if (end - start !== candidate.length) return false;
  for (let i = 0; i < candidate.length; i++) if (src[start + i] !== candidate[i]) return false;
  return true;
}

function equalsAny(src: Buffer, start: number, end: number, candidates: Buffer[]): boolean {
  for (const candidate of candidates) if (equalBytes(src, start, end, candidate)) return true;
  return false;
}

function copyBytes(src: Buffer, start: number, end: number, out: CopyLines): true {
  out.reserve(end - start);
  for (let i = start; i < end; i++) out.bytes[out.length++] = src[i]!;
  return true;
}

/**
 * A whole number written plainly: an optional minus, at most 15 digits, no leading zero (so the text is
 * already what String(number) gives). Returns the value, or NaN when the form is not that plain.
 */
function plainInteger(src: Buffer, start: number, end: number): number {
  const negative = src[start] === DASH;
  const first = negative ? start + 1 : start;
  const digits = end - first;
  if (digits < 1 || digits > 15) return NaN;
  if (src[first] === ZERO && (digits > 1 || negative)) return NaN;
  let value = 0;
  for (let i = first; i < end; i++) {
    const c = src[i]!;
    if (c < ZERO || c > NINE) return NaN;
    value = value * 10 + (c - ZERO);
  }
  return negative ? -value : value;
}

function digitsAt(src: Buffer, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const c = src[i]!;
    if (c < ZERO || c > NINE) return -1;
    value = value * 10 + (c - ZERO);
  }
  return value;
}

/** Whether the cell is YYYY-MM-DD of a real day: the form checkCell writes a date in. */
function isoDayAt(src: Buffer, start: number, end: number): boolean {
  if (end - start !== 10 || src[start + 4] !== DASH || src[start + 7] !== DASH) return false;
  const year = digitsAt(src, start, 4);
  const month = digitsAt(src, start + 5, 2);
  const day = digitsAt(src, start + 8, 2);
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

const TRUE_FORMS = ["true", "TRUE", "True", "t", "T", "1", "yes", "YES", "Yes", "y", "Y", "是"].map((w) => Buffer.from(w));
const FALSE_FORMS = ["false", "FALSE", "False", "f", "F", "0", "no", "NO", "No", "n", "N", "否"].map((w) => Buffer.from(w));

/** The fast writer of a column: one closure per column, so the checks it needs are decided once. */
export function fastCellWriter(spec: ColumnSpec): FastCellWriter {
  switch (spec.type) {
    case "text": {
      if (spec.values) {
        const allowed = spec.values.map((value) => Buffer.from(value));
        return (src, start, end, out) => {
          if (start === end) return writeBlank(spec, out);
          return equalsAny(src, start, end, allowed) && copyBytes(src, start, end, out);
        };
      }
      return (src, start, end, out) => (start === end ? writeBlank(spec, out) : writePlainText(src, start, end, out));
    }
    case "integer":
    case "decimal":
      // Decimals with a point go to the general path: String(Number(text)) may differ from the text.
      return (src, start, end, out) => {
        if (start === end) return writeBlank(spec, out);
        const value = plainInteger(src, start, end);
        if (Number.isNaN(value) || rangeProblem(spec, value) !== null) return false;
        return copyBytes(src, start, end, out);
      };
    case "date":
      return (src, start, end, out) => {
        if (start === end) return writeBlank(spec, out);
        return isoDayAt(src, start, end) && copyBytes(src, start, end, out);
      };
    case "month":
      return (src, start, end, out) => {
        if (start === end) return writeBlank(spec, out);
        if (end - start !== 7 || src[start + 4] !== DASH) return false;
        const year = digitsAt(src, start, 4);
        const month = digitsAt(src, start + 5, 2);
        if (year < 1 || month < 1 || month > 12) return false;
        copyBytes(src, start, end, out);
        out.text("-01");
        return true;
      };
    case "boolean":
      return (src, start, end, out) => {
        if (start === end) return writeBlank(spec, out);
        if (equalsAny(src, start, end, TRUE_FORMS)) out.byte(116); // t
        else if (equalsAny(src, start, end, FALSE_FORMS)) out.byte(102); // f
        else return false;
        return true;
      };
  }
}
