import { afterAll, beforeAll, expect, it } from "vitest";
import { testWarehouse, type TestWarehouse } from "../test/warehouse.ts";
import { migrateToLatest } from "./migrate.ts";

let warehouse: TestWarehouse;
beforeAll(async () => {
  warehouse = await testWarehouse();
});
afterAll(async () => {
  await warehouse.close();
});

it("creates the raw, ops and scoring schemas and the run tables once; a second migration does nothing", async () => {
  expect(await migrateToLatest(warehouse)).toEqual(["0001_foundation", "0002_ingest", "0003_pipeline_runs", "0004_scoring", "0005_response_requests", "0006_recommendations", "0007_site_builds", "0008_raw_without_row_triggers"]);
  expect(await migrateToLatest(warehouse)).toEqual([]);
  const schemas = await warehouse.rows<{ nspname: string }>(
    "select nspname from pg_namespace where nspname in ('raw', 'ops', 'scoring') order by 1",
  );
  expect(schemas.map((s) => s.nspname)).toEqual(["ops", "raw", "scoring"]);
  const tables = await warehouse.rows<{ table_name: string }>(
    "select table_name from information_schema.tables where table_schema = 'ops' order by 1",
  );
  expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(["action_runs", "transform_runs"]));
  // 0008: no per-row trigger on raw tables (a foreign key would bring one back and halve COPY's speed).
  const rawTriggers = await warehouse.rows(
    "select tgrelid::regclass::text as table_name from pg_trigger where tgrelid::regclass::text like 'raw.%'",
  );
  expect(rawTriggers).toEqual([]);
  // A run row must be one of the three states; anything else is refused by the database.
  await expect(
    warehouse.rows("insert into ops.transform_runs (status, options, actions_total) values ('maybe', '{}', 0)"),
  ).rejects.toThrow(/check constraint/);
});
