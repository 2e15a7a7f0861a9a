import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", "dist/**", ".jiandu/**"],
    globalSetup: ["test/global-setup.ts"],
    // Each file gets its own database; PostgreSQL work dominates, so a long timeout, few workers.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    maxWorkers: 2,
  },
});
