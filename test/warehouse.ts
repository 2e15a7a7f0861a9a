// Test helpers: a fresh database per test file on the run's PostgreSQL, and throwaway Dataform projects.
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import pg from "pg";
import { inject } from "vitest";
import { openWarehouse, type Warehouse } from "../warehouse/connection.ts";
import { migrateToLatest } from "../warehouse/migrate.ts";

export interface TestWarehouse extends Warehouse {
  /** Run one SQL statement and return its rows (for assertions on what landed). */
  rows<T = Record<string, unknown>>(statement: string, params?: unknown[]): Promise<T[]>;
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject("adminUrl") });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A new, empty database for one test file (with `migrated`, brought up to the latest migration); closing the warehouse drops it. */
export async function testWarehouse(options: { maxConnections?: number; migrated?: boolean } = {}): Promise<TestWarehouse> {
  const name = `jiandu_test_${randomBytes(5).toString("hex")}`;
  await admin((client) => client.query(`create database ${name}`));
  const url = new URL(inject("adminUrl"));
  url.pathname = `/${name}`;
  const warehouse = await openWarehouse({ url: url.toString(), maxConnections: options.maxConnections ?? 8 });
  if (options.migrated) await migrateToLatest(warehouse);
  const close = warehouse.close;
  return {
    ...warehouse,
    async rows<T>(statement: string, params: unknown[] = []) {
      return (await warehouse.pool.query(statement, params)).rows as T[];
    },
    async close() {
      await close();
      await admin((client) => client.query(`drop database if exists ${name} with (force)`));
    },
  };
}

export const DEFAULT_DATAFORM_JSON = {
  warehouse: "postgres",
  defaultSchema: "marts",
  assertionSchema: "assertions",
  concurrentQueryLimit: 2,
};

/** Write a Dataform project (dataform.json plus the given files) into a new temporary folder. */
export function dataformProject(files: Record<string, string>, config: object = DEFAULT_DATAFORM_JSON): string {
  const dir = mkdtempSync(join(tmpdir(), "jiandu-df-"));
  writeFileSync(join(dir, "dataform.json"), JSON.stringify(config));
  writeProjectFiles(dir, files);
  return dir;
}

export function writeProjectFiles(dir: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}
