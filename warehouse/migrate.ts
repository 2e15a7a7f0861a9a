// Brings raw/ops/scoring up to date with Kysely's Migrator; Dataform owns every other schema.
import { Migrator, type Migration, type MigrationProvider, type MigrationResultSet } from "kysely";
import type { Warehouse } from "./connection.ts";
import * as foundation from "./migrations/0001_foundation.ts";
import * as ingest from "./migrations/0002_ingest.ts";
import * as pipelineRuns from "./migrations/0003_pipeline_runs.ts";
import * as scoring from "./migrations/0004_scoring.ts";
import * as responseRequests from "./migrations/0005_response_requests.ts";
import * as recommendations from "./migrations/0006_recommendations.ts";
import * as siteBuilds from "./migrations/0007_site_builds.ts";
import * as rawWithoutRowTriggers from "./migrations/0008_raw_without_row_triggers.ts";

// Listed here rather than discovered on disk, so the same list works under tsx, vitest and bundlers.
const migrations: Record<string, Migration> = {
  "0001_foundation": foundation,
  "0002_ingest": ingest,
  "0003_pipeline_runs": pipelineRuns,
  "0004_scoring": scoring,
  "0005_response_requests": responseRequests,
  "0006_recommendations": recommendations,
  "0007_site_builds": siteBuilds,
  "0008_raw_without_row_triggers": rawWithoutRowTriggers,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(warehouse: Warehouse): Promise<string[]> {
  const migrator = new Migrator({
    db: warehouse.db,
    provider,
    migrationTableSchema: "ops",
  });
  // The migration bookkeeping lives in ops, which must exist before the Migrator looks there.
  await warehouse.db.schema.createSchema("ops").ifNotExists().execute();
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === "Error");
    const reason = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`migration ${failed?.migrationName ?? "(unknown)"} failed: ${reason}`);
  }
  return (result.results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
