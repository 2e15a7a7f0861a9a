// Lands one file into raw.<source>: stream, validate every row against its contract, COPY the
// good rows and quarantine the bad ones with file, line, column and reason — in one transaction.
import { createHash } from "node:crypto";
import v8 from "node:v8";
import { createReadStream, statSync } from "node:fs";
import { once } from "node:events";
import { basename } from "node:path";
import { sql } from "kysely";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { executeOn, quoteIdent, type Warehouse } from "../warehouse/connection.ts";
import { checkCell, headerKey, type ColumnSpec, type SourceContract } from "./contracts/index.ts";
import { openFile, type Cell, type ReadOptions } from "./readers/index.ts";

// Landing allocates several short strings per cell; with V8's default young generation the collector runs
// every few thousand rows and took a quarter of the loader's time. A larger one (bench:ingest, 2 M rows:
// 41 s → 34 s) costs a few tens of MB. Set here, before the rows arrive, for whichever process lands files.
v8.setFlagsFromString("--max-semi-space-size=32");

export interface LoadReport {
  file: string;
  source: string;
  status: "loaded" | "skipped" | "failed";
  loadId: number | null;
  /** For a skipped file: the earlier load of the same content. */
  sameAsLoadId: number | null;
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  format: string | null;
  encoding: string | null;
  /** Non-fatal observations, e.g. columns the contract does not know. */
  warnings: string[];
  error: string | null;
}

/** A load gives up, rather than quarantine a whole file row by row, past this many bad rows. */
export const MAX_REJECTED_ROWS = 100_000;

interface Rejection {
  line: number;
  column: string | null;
  reason: string;
  raw: string;
}

export class LoadFailure extends Error {}

export async function fileHash(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

const NEEDS_ESCAPE = /[\\\n\r\t]/;
const ESCAPES: Record<string, string> = { "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** A field in COPY's text format: backslash escapes, \N for null. Most values need none, so test first. */
function copyText(value: string | null): string {
  if (value === null) return "\\N";
  return NEEDS_ESCAPE.test(value) ? value.replace(/[\\\n\r\t]/g, (c) => ESCAPES[c]!) : value;
}

function copyValue(value: unknown, spec: ColumnSpec): string {
  if (value === null || value === undefined) return "\\N";
  if (typeof value === "boolean") return value ? "t" : "f";
  if (spec.type === "month") return `${value as string}-01`;
  return copyText(String(value));
}

function rawText(cells: Cell[]): string {
  const text = JSON.stringify(cells.map((c) => (c instanceof Date ? c.toISOString() : c)));
  return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
}

/** Which contract column each header position feeds; unknown headers are reported, not fatal. */
function mapHeader(contract: SourceContract, header: string[]) {
  const lookup = new Map<string, string>();
  for (const [name, spec] of Object.entries(contract.columns)) {
    for (const alias of [name, ...spec.headers]) lookup.set(headerKey(alias), name);
  }
  const positions: { index: number; column: string }[] = [];
  const ignored: string[] = [];
  const seen = new Set<string>();
  header.forEach((title, index) => {
    const column = lookup.get(headerKey(title));
    if (!column) {
      if (title.trim() !== "") ignored.push(title);
      return;
    }
    if (seen.has(column)) throw new LoadFailure(`columns "${title}" and an earlier one both map to ${column}`);
    seen.add(column);
    positions.push({ index, column });
  });
  const missing = Object.entries(contract.columns)
    .filter(([name, spec]) => spec.required && !seen.has(name))
    .map(([name, spec]) => (spec.headers[0] ? `${spec.headers[0]} (${name})` : name));
  if (missing.length > 0) throw new LoadFailure(`missing required column(s): ${missing.join(", ")}`);
  return { positions, ignored };
}

async function knownCodes(warehouse: Warehouse, source: "ref_agencies" | "ref_regions", column: string): Promise<Set<string>> {
  const latest = warehouse.db
    .selectFrom("ops.ingest_log")
    .select((eb) => eb.fn.max("load_id").as("load_id"))
    .where("source", "=", source)
    .where("status", "=", "loaded");
  const rows = await sql<{ code: string }>`select ${sql.ref(column)} as code from ${sql.table(`raw.${source}`)}
    where load_id = (${latest})`.execute(warehouse.db);
  return new Set(rows.rows.map((r) => r.code));
}

/**
 * Load one file. Never throws for bad content: a file that cannot be loaded comes back
 * `failed` with the reason (and is recorded in ops.ingest_log); a file already loaded
 * with the same bytes comes back `skipped`.
 */
export async function loadFile(
  warehouse: Warehouse,
  path: string,
  contract: SourceContract,
  options: ReadOptions = {},
): Promise<LoadReport> {
  const report: LoadReport = {
    file: path,
    source: contract.name,
    status: "failed",
    loadId: null,
    sameAsLoadId: null,
    rowsRead: 0,
    rowsLoaded: 0,
    rowsRejected: 0,
    format: null,
    encoding: null,
    warnings: [],
    error: null,
  };
  const startedAt = new Date();
  const hash = await fileHash(path);
  const bytes = statSync(path).size;
  const earlier = await warehouse.db
    .selectFrom("ops.ingest_log")
    .select("load_id")
    .where("source", "=", contract.name)
    .where("file_hash", "=", hash)
    .where("status", "=", "loaded")
    .executeTakeFirst();
  if (earlier) {
    report.status = "skipped";
    report.sameAsLoadId = earlier.load_id;
    return report;
  }

  const needsAgencies = Object.values(contract.columns).some((c) => c.agency);
  const needsRegions = Object.values(contract.columns).some((c) => c.region);
  const agencies = needsAgencies ? await knownCodes(warehouse, "ref_agencies", "agency_code") : new Set<string>();
  const regions = needsRegions ? await knownCodes(warehouse, "ref_regions", "region_code") : new Set<string>();
  if (needsAgencies && agencies.size === 0) {
    return recordFailure(warehouse, report, hash, bytes, startedAt, "no agency catalog loaded yet (load reference/agencies.csv first)");
  }

  const client = await warehouse.pool.connect();
  try {
    await client.query("begin");
    const log = await executeOn<{ load_id: number }>(
      client,
      warehouse.db
        .insertInto("ops.ingest_log")
        .values({
          source: contract.name,
          file_name: basename(path),
          file_path: path,
          file_hash: hash,
          file_bytes: bytes,
          status: "loading",
          started_at: startedAt,
        })
        .returning("load_id")
        .compile(),
    );
    const loadId = log.rows[0]!.load_id;
    report.loadId = loadId;
    const rejections = await streamRows(client, path, contract, loadId, options, report, agencies, regions);
    await rejectDuplicateKeys(client, contract, loadId, basename(path));
    await writeRejections(client, contract, loadId, basename(path), rejections);
    const counts = await client.query<{ loaded: number; rejected: number }>(
      `select (select count(*) from ${quoteIdent("raw")}.${quoteIdent(contract.name)} where load_id = $1)::int as loaded,
              (select count(distinct line) from ops.rejected_rows where load_id = $1)::int as rejected`,
      [loadId],
    );
    report.rowsLoaded = counts.rows[0]!.loaded;
    report.rowsRejected = counts.rows[0]!.rejected;
    await executeOn(
      client,
      warehouse.db
        .updateTable("ops.ingest_log")
        .set({
          status: "loaded",
          format: report.format,
          encoding: report.encoding,
          rows_read: report.rowsRead,
          rows_loaded: report.rowsLoaded,
          rows_rejected: report.rowsRejected,
          warnings: JSON.stringify(report.warnings),
          finished_at: new Date(),
        })
        .where("load_id", "=", loadId)
        .compile(),
    );
    await client.query("commit");
    report.status = "loaded";
    return report;
  } catch (error) {
    await client.query("rollback").catch(() => {});
    report.loadId = null;
    report.rowsLoaded = 0;
    const reason = error instanceof LoadFailure ? error.message : `${(error as Error).message}`;
    return recordFailure(warehouse, report, hash, bytes, startedAt, reason);
  } finally {
    client.release();
  }
}

async function recordFailure(
  warehouse: Warehouse,
  report: LoadReport,
  hash: string,
  bytes: number,
  startedAt: Date,
  reason: string,
): Promise<LoadReport> {
  report.status = "failed";
  report.error = reason;
  const row = await warehouse.db
    .insertInto("ops.ingest_log")
    .values({
      source: report.source,
      file_name: basename(report.file),
      file_path: report.file,
      file_hash: hash,
      file_bytes: bytes,
      status: "failed",
      started_at: startedAt,
      finished_at: new Date(),
      rows_read: report.rowsRead,
      rows_loaded: 0,
      rows_rejected: 0,
      error: reason,
      warnings: JSON.stringify(report.warnings),
    })
    .returning("load_id")
    .executeTakeFirstOrThrow();
  report.loadId = row.load_id;
  return report;
}


async function streamRows(
  client: pg.PoolClient,
  path: string,
  contract: SourceContract,
  loadId: number,
  options: ReadOptions,
  report: LoadReport,
  agencies: Set<string>,
  regions: Set<string>,
): Promise<Rejection[]> {
  const opened = await openFile(path, options);
  report.format = opened.format;
  report.encoding = opened.encoding ?? null;
  if (opened.header.length === 0) throw new LoadFailure("the file is empty (no header row)");
  const { positions, ignored } = mapHeader(contract, opened.header);
  if (ignored.length > 0) report.warnings.push(`ignored column(s) not in the contract: ${ignored.join(", ")}`);

  const columns = Object.keys(contract.columns);
  const specs = columns.map((name) => contract.columns[name]!);
  // For each contract column, where its cell sits in the file's rows (undefined: always blank).
  const sourceIndex = columns.map((name) => positions.find((p) => p.column === name)?.index);
  const agencyChecks = columns.flatMap((name, i) => (contract.columns[name]!.agency ? [i] : []));
  const regionChecks = columns.flatMap((name, i) => (contract.columns[name]!.region ? [i] : []));
  const target = `${quoteIdent("raw")}.${quoteIdent(contract.name)}`;
  const copy = client.query(
    copyFrom(`copy ${target} (load_id, source_line, ${columns.map(quoteIdent).join(", ")}) from stdin`),
  );
  const finished = new Promise<void>((resolve, reject) => {
    copy.on("finish", resolve);
    copy.on("error", reject);
  });

  const rejections: Rejection[] = [];
  const reject = (rejection: Rejection) => {
    rejections.push(rejection);
    if (rejections.length > MAX_REJECTED_ROWS) {
      throw new LoadFailure(`more than ${MAX_REJECTED_ROWS.toLocaleString("en")} rejected rows: is this file for source ${contract.name}?`);
    }
  };

  const values: unknown[] = new Array(columns.length).fill(null);
  let buffer = "";
  try {
    for await (const batch of opened.batches) {
      for (const item of batch) {
        report.rowsRead += 1;
        if (item.kind === "problem") {
          reject({ line: item.problem.line, column: null, reason: item.problem.reason, raw: item.problem.raw });
          continue;
        }
        const { line, cells } = item.row;
        // The contract's cell checks (the same ones its zod schema runs), without a per-row object.
        let problems: { column: string; reason: string }[] | null = null;
        for (let i = 0; i < columns.length; i++) {
          const index = sourceIndex[i];
          const checked = checkCell(specs[i]!, index === undefined ? null : (cells[index] ?? null));
          if (checked.ok) values[i] = checked.value;
          else (problems ??= []).push({ column: columns[i]!, reason: checked.reason });
        }
        if (!problems) {
          for (const i of agencyChecks) {
            if (values[i] !== null && !agencies.has(values[i] as string)) {
              (problems ??= []).push({ column: columns[i]!, reason: `unknown agency code "${values[i] as string}"` });
            }
          }
          for (const i of regionChecks) {
            if (values[i] !== null && !regions.has(values[i] as string)) {
              (problems ??= []).push({ column: columns[i]!, reason: `unknown region code "${values[i] as string}"` });
            }
          }
        }
        if (problems) {
          const raw = rawText(cells);
          for (const problem of problems) reject({ line, column: problem.column, reason: problem.reason, raw });
          continue;
        }
        let record = `${loadId}\t${line}`;
        for (let i = 0; i < columns.length; i++) record += `\t${copyValue(values[i], specs[i]!)}`;
        buffer += `${record}\n`;
      }
      // Hand a batch's worth to COPY at a time; wait only when PostgreSQL falls behind.
      if (buffer.length > 1 << 16) {
        if (!copy.write(buffer)) await once(copy, "drain");
        buffer = "";
      }
    }
    if (buffer) copy.write(buffer);
    copy.end();
  } catch (error) {
    // Abort the COPY (the server gets CopyFail) so the connection can roll back and be reused.
    copy.destroy(error as Error);
    await finished.catch(() => {});
    throw error;
  }
  await finished;
  return rejections;
}

/** A key seen twice in one file: the first row lands, later ones are quarantined — done in SQL, constant memory. */
async function rejectDuplicateKeys(client: pg.PoolClient, contract: SourceContract, loadId: number, fileName: string) {
  const target = `${quoteIdent("raw")}.${quoteIdent(contract.name)}`;
  const keys = contract.key.map(quoteIdent).join(", ");
  const describeKey = contract.key.map((k) => `'${k}=' || coalesce(d.${quoteIdent(k)}::text, '')`).join(" || ', ' || ");
  await client.query(
    `with ranked as (
       select ctid, source_line,
              row_number() over (partition by ${keys} order by source_line) as position,
              min(source_line) over (partition by ${keys}) as first_line
         from ${target} where load_id = $1
     ),
     removed as (
       delete from ${target} t using ranked r
        where t.ctid = r.ctid and r.position > 1 and t.load_id = $1
       returning t.*, r.first_line
     )
     insert into ops.rejected_rows (load_id, source, file_name, line, column_name, reason, raw)
     select $1, $2, $3, d.source_line, $4,
            'duplicate key (' || ${describeKey} || ') first seen on line ' || d.first_line,
            (to_jsonb(d) - 'load_id' - 'source_line' - 'first_line')::text
       from removed d`,
    [loadId, contract.name, fileName, contract.key.join(",")],
  );
}

async function writeRejections(client: pg.PoolClient, contract: SourceContract, loadId: number, fileName: string, rejections: Rejection[]) {
  if (rejections.length === 0) return;
  const copy = client.query(copyFrom("copy ops.rejected_rows (load_id, source, file_name, line, column_name, reason, raw) from stdin"));
  const finished = new Promise<void>((resolve, reject) => {
    copy.on("finish", resolve);
    copy.on("error", reject);
  });
  for (const r of rejections) {
    const fields = [contract.name, fileName, String(r.line), r.column, r.reason, r.raw].map(copyText);
    const line = `${loadId}\t${fields.join("\t")}\n`;
    if (!copy.write(line)) await once(copy, "drain");
  }
  copy.end();
  await finished;
}
