// One PostgreSQL for the whole test run: TEST_DATABASE_URL (an admin connection to an existing
// server) when set, otherwise an embedded cluster of its own, separate from the project's data.
import type { TestProject } from "vitest/node";
import { startEmbedded, stopEmbedded } from "../warehouse/embedded.ts";

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
  // Throwaway data: durability settings off make the many small DDL transactions cheap.
  const cluster = await startEmbedded({
    name: "test-pgdata",
    settings: { fsync: "off", synchronous_commit: "off", full_page_writes: "off", max_connections: "200" },
  });
  project.provide("adminUrl", cluster.adminUrl);
  return async () => {
    if (cluster.owned) await stopEmbedded(cluster.dataDir);
  };
}
