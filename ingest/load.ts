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
import { headerKey, type SourceContract } from "./contracts/index.ts";
import { copyText } from "./copy-lines.ts";
import { rejectDuplicateKeys } from "./duplicate-keys.ts";
import { openFile, type OpenedFile, type ReadOptions } from "./readers/index.ts";
import { LoadFailure, RowWriter, type Rejection } from "./row-writer.ts";

// Rows of cells (XLSX, NDJSON, Arrow, and CSV rows the fast lane hands back) allocate several short
// strings per cell; with V8's default young generation the collector ran every few thousand rows and took
// a quarter of the loader's time. A larger one costs a few tens of MB. Set here, before the rows arrive,
// for whichever process lands files.
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

export async function fileHash(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
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
    const writer = await streamRows(client, path, contract, loadId, options, report, agencies, regions, bytes);
    const duplicates = await rejectDuplicateKeys(client, contract, loadId, basename(path), writer.keys.candidates);
    await writeRejections(client, contract, loadId, basename(path), writer.rejections);
    // A duplicate row had no other problem (it was written), so the two rejected sets do not overlap.
    report.rowsLoaded = writer.rowsWritten - duplicates;
    report.rowsRejected = new Set(writer.rejections.map((r) => r.line)).size + duplicates;
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


/** Read the file and stream its good rows into COPY; the writer keeps the rejections and the keys seen. */
async function streamRows(
  client: pg.PoolClient,
  path: string,
  contract: SourceContract,
  loadId: number,
  options: ReadOptions,
  report: LoadReport,
  agencies: Set<string>,
  regions: Set<string>,
  fileBytes: number,
): Promise<RowWriter> {
  const opened = await openFile(path, options);
  try {
    return await landRows(client, opened, contract, loadId, report, agencies, regions, fileBytes);
  } finally {
    // Also when the header does not fit and no row was read: the reader has the file open.
    await opened.close();
  }
}

async function landRows(
  client: pg.PoolClient,
  opened: OpenedFile,
  contract: SourceContract,
  loadId: number,
  report: LoadReport,
  agencies: Set<string>,
  regions: Set<string>,
  fileBytes: number,
): Promise<RowWriter> {
  report.format = opened.format;
  report.encoding = opened.encoding ?? null;
  if (opened.header.length === 0) throw new LoadFailure("the file is empty (no header row)");
  const { positions, ignored } = mapHeader(contract, opened.header);
  if (ignored.length > 0) report.warnings.push(`ignored column(s) not in the contract: ${ignored.join(", ")}`);

  const columns = Object.keys(contract.columns);
  const writer = new RowWriter({
    contract,
    loadId,
    sourceIndex: columns.map((name) => positions.find((p) => p.column === name)?.index),
    agencies,
    regions,
    fileBytes,
  });
  const target = `${quoteIdent("raw")}.${quoteIdent(contract.name)}`;
  const copy = client.query(
    copyFrom(`copy ${target} (load_id, source_line, ${columns.map(quoteIdent).join(", ")}) from stdin`),
  );
  const finished = new Promise<void>((resolve, reject) => {
    copy.on("finish", resolve);
    copy.on("error", reject);
  });
  // The server can end the COPY while the file is still being read (a killed connection): keep the
  // reason, stop at the next flush, and do not let it surface as an unhandled rejection meanwhile.
  let copyError: Error | null = null;
  finished.catch((error: Error) => {
    copyError = error;
  });
  // Hand over what is written once it is worth a message; wait only when PostgreSQL falls behind.
  const flush = async (atLeast: number) => {
    if (copyError) throw copyError;
    if (writer.out.length < atLeast) return;
    if (!copy.write(writer.out.take())) await once(copy, "drain");
  };
  try {
    if (opened.csvRecords) {
      for await (const batch of opened.csvRecords) {
        writer.csvRecords(batch, opened.header.length);
        await flush(1 << 16);
      }
    } else {
      for await (const batch of opened.batches) {
        for (const item of batch) {
          if (item.kind === "problem") writer.problem(item.problem.line, item.problem.reason, item.problem.raw);
          else writer.cells(item.row.line, item.row.cells);
        }
        await flush(1 << 16);
      }
    }
    await flush(1);
    copy.end();
  } catch (error) {
    // Abort the COPY (the server gets CopyFail) so the connection can roll back and be reused.
    copy.destroy(error as Error);
    await finished.catch(() => {});
    throw error;
  } finally {
    report.rowsRead = writer.rowsRead;
  }
  await finished;
  // The counts in the log come from the writer: hold them to what the server says it stored.
  if (copy.rowCount !== writer.rowsWritten) {
    throw new LoadFailure(`COPY stored ${copy.rowCount} rows where ${writer.rowsWritten} were sent`);
  }
  return writer;
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
