// One PostgreSQL for the whole test run: TEST_DATABASE_URL (an admin connection to an existing
// server) when set, otherwise an embedded cluster of its own, separate from the project's data.
import type { TestProject } from "vitest/node";
import { existsSync, readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { embeddedDataDir, runningPort, startEmbedded, stopEmbedded } from "../warehouse/embedded.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** Connection URL with rights to create databases; test files make their own from it. */
    adminUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.TEST_DATABASE_URL;
  if (external) {
    project.provide("adminUrl", external);
    return async () => {};
  }
  // A cluster of this run's own, so two test runs at once cannot stop each other's server;
  // folders of earlier runs that died without cleaning up are removed first.
  const parent = dirname(embeddedDataDir("test-runs/x"));
  if (existsSync(parent)) {
    for (const entry of readdirSync(parent)) {
      const dir = join(parent, entry);
      if (runningPort(dir) === null) rmSync(dir, { recursive: true, force: true });
    }
  }
  // Throwaway data: durability settings off make the many small DDL transactions cheap.
  const cluster = await startEmbedded({
    name: `test-runs/${process.pid}`,
    settings: { fsync: "off", synchronous_commit: "off", full_page_writes: "off", max_connections: "200" },
  });
  project.provide("adminUrl", cluster.adminUrl);
  return async () => {
    await stopEmbedded(cluster.dataDir);
    rmSync(cluster.dataDir, { recursive: true, force: true });
  };
}
