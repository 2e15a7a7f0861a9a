import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../warehouse/project.ts";
import { prepareFrameworkCache } from "./site.ts";

describe("site build housekeeping", () => {
  it("the offline guard makes any fetch in the build fail with its address", () => {
    const guard = join(projectRoot, "pipeline", "offline-guard.mjs");
    const script = 'fetch("https://registry.npmjs.org/react-dom/latest").then(() => console.log("fetched"), (e) => console.log(e.message))';
    const out = execFileSync(process.execPath, [`--import=${guard}`, "-e", script], { encoding: "utf8" });
    expect(out.trim()).toBe("the site build must work offline, but it tried to fetch https://registry.npmjs.org/react-dom/latest");
  });

  it("drops cached loader output (yesterday's numbers) but keeps node_modules bundles and seeds the version folders", () => {
    // A cache folder of its own: the project's may be in use by the browser tests' build.
    const cache = mkdtempSync(join(tmpdir(), "jiandu-framework-cache-"));
    mkdirSync(join(cache, "data"), { recursive: true });
    writeFileSync(join(cache, "data", "stale-test.json"), "{}");
    mkdirSync(join(cache, "_node", "stale-test@1.0.0"), { recursive: true });
    prepareFrameworkCache(cache);
    expect(existsSync(join(cache, "data", "stale-test.json"))).toBe(false);
    expect(existsSync(join(cache, "_node", "stale-test@1.0.0"))).toBe(true);
    expect(existsSync(join(cache, "_npm", "react-dom@19.3.1"))).toBe(true);
  });
});
