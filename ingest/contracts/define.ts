// How a source contract is written: typed columns that carry their docs, their header names in
// the agencies' exports, and a zod schema that parses and checks one cell of each row.
import { z } from "zod";
import { parseBoolean, parseDate, parseDecimal, parseInteger, parseMonth, parseText, type Parsed } from "../values.ts";

export type ColumnType = "text" | "integer" | "decimal" | "date" | "month" | "boolean";

/** Personal data: kept in raw and staging only (staging drops or hashes it). */
export type PersonalKind = "name" | "id_number" | "phone" | "free_text";

export interface ColumnSpec {
  type: ColumnType;
  required: boolean;
  description: string;
  example: string;
  /** Header names accepted for this column besides its own name (the agencies' Chinese headers). */
  headers: string[];
  personal?: PersonalKind;
  /** The value must be a code in the agency catalog. */
  agency?: boolean;
  /** The value must be a code in the region catalog. */
  region?: boolean;
  min?: number;
  max?: number;
  /** Allowed values of a text column. */
  values?: readonly string[];
}

export interface SourceContract {
  /** Table name under `raw`, and the inbox folder name. */
  name: string;
  title: string;
  /** Which of DOMAIN's data categories (or "reference") the source belongs to. */
  category: string;
  description: string;
  /** Natural key: unique within a file; staging keeps the latest load's row per key. */
  key: string[];
  columns: Record<string, ColumnSpec>;
  /** One row, already mapped from headers to column names, parsed and checked cell by cell. */
  schema: z.ZodType<Record<string, unknown>, Record<string, unknown>>;
}

type Options = Partial<Omit<ColumnSpec, "type" | "description" | "headers" | "example">> & { example?: string };

function column(type: ColumnType, headers: string | string[], description: string, options: Options = {}): ColumnSpec {
  return {
    type,
    required: options.required ?? false,
    description,
    example: options.example ?? "",
    headers: Array.isArray(headers) ? headers : [headers],
    ...(options.personal ? { personal: options.personal } : {}),
    ...(options.agency ? { agency: true } : {}),
    ...(options.region ? { region: true } : {}),
    ...(options.min !== undefined ? { min: options.min } : {}),
    ...(options.max !== undefined ? { max: options.max } : {}),
    ...(options.values ? { values: options.values } : {}),
  };
}

export const text = (headers: string | string[], description: string, options?: Options) => column("text", headers, description, options);
export const integer = (headers: string | string[], description: string, options?: Options) =>
  column("integer", headers, description, options);
export const decimal = (headers: string | string[], description: string, options?: Options) =>
  column("decimal", headers, description, options);
export const date = (headers: string | string[], description: string, options?: Options) => column("date", headers, description, options);
export const month = (headers: string | string[], description: string, options?: Options) =>
  column("month", headers, description, options);
export const boolean = (headers: string | string[], description: string, options?: Options) =>
  column("boolean", headers, description, options);

/** A count: a whole number, never negative. */
export const count = (headers: string | string[], description: string, options?: Options) =>
  column("integer", headers, description, { min: 0, ...options });

const PG_TYPES: Record<ColumnType, string> = {
  text: "text",
  integer: "bigint",
  decimal: "numeric",
  date: "date",
  month: "date",
  boolean: "boolean",
};

/** The PostgreSQL type a column lands as in raw.<source> (a month is stored as its first day). */
export function pgType(spec: ColumnSpec): string {
  return PG_TYPES[spec.type];
}

const PARSERS: Record<ColumnType, (raw: unknown) => Parsed<unknown>> = {
  text: parseText,
  integer: parseInteger,
  decimal: parseDecimal,
  date: parseDate,
  month: parseMonth,
  boolean: parseBoolean,
};

export type CellCheck = { ok: true; value: unknown } | { ok: false; reason: string };

/** Why a number is outside the column's min/max, or null when it is inside (the loader's fast lane asks too). */
export function rangeProblem(spec: ColumnSpec, value: number): string | null {
  if (spec.min !== undefined && value < spec.min) return `${value} is below the minimum ${spec.min}`;
  if (spec.max !== undefined && value > spec.max) return `${value} is above the maximum ${spec.max}`;
  return null;
}

/** Parse one cell with its column's parser, then the required, range and allowed-value checks. */
export function checkCell(spec: ColumnSpec, raw: unknown): CellCheck {
  const parsed = PARSERS[spec.type](raw);
  if (!parsed.ok) return parsed;
  const value = parsed.value;
  if (value === null) return spec.required ? { ok: false, reason: "required value is blank" } : parsed;
  if (typeof value === "number") {
    const outside = rangeProblem(spec, value);
    if (outside !== null) return { ok: false, reason: outside };
  }
  if (spec.values && typeof value === "string" && !spec.values.includes(value)) {
    return { ok: false, reason: `"${value}" is not one of ${spec.values.join("/")}` };
  }
  return parsed;
}

/** The zod schema of one cell: the same checkCell, so zod and the loader's fast path never disagree. */
export function cellSchema(spec: ColumnSpec): z.ZodType<unknown> {
  return z.unknown().transform((raw, ctx) => {
    const checked = checkCell(spec, raw);
    if (checked.ok) return checked.value;
    ctx.addIssue({ code: "custom", message: checked.reason });
    return z.NEVER;
  });
}

export function defineSource(definition: Omit<SourceContract, "schema">): SourceContract {
  for (const key of definition.key) {
    if (!definition.columns[key]) throw new Error(`contract ${definition.name}: key column "${key}" is not a column`);
    // A blank key identifies nothing; the duplicate check also relies on keys never being null.
    if (!definition.columns[key].required) throw new Error(`contract ${definition.name}: key column "${key}" must be required`);
  }
  const shape = Object.fromEntries(Object.entries(definition.columns).map(([name, spec]) => [name, cellSchema(spec)]));
  return { ...definition, schema: z.object(shape) as unknown as SourceContract["schema"] };
}

/** Normalised header text for matching: trimmed, lower case, full-width parentheses and spaces folded. */
export function headerKey(header: string): string {
  return header
    .replace(/\uFEFF/g, "")
    .replace(/[\s\u3000]+/g, "")
    .replace(/（/g, "(")
    .replace(/）/g, ")")
    .toLowerCase();
}
