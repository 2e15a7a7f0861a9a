import { existsSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildsDir, newBuildId, publishBuild, publishedBuild, publishedPath, pruneBuilds } from "./publish.ts";

function fakeBuild(root: string, id: string, text = id): void {
  mkdirSync(join(buildsDir(root), id), { recursive: true });
  writeFileSync(join(buildsDir(root), id, "index.html"), text);
}

describe("publishing site builds", () => {
  it("build ids sort by time", () => {
    const a = newBuildId(9, new Date("2026-12-04T02:00:00Z"));
    const b = newBuildId(10, new Date("2026-12-05T02:00:00Z"));
    expect(a).toBe("20261204-020000-r9");
    expect([b, a].sort()).toEqual([a, b]);
  });

  it("switches `current` from one build to the next, and a reader sees a whole build", () => {
    const root = mkdtempSync(join(tmpdir(), "jiandu-publish-"));
    expect(publishedBuild(root)).toBeNull();
    fakeBuild(root, "20261201-020000-r1", "first");
    publishBuild("20261201-020000-r1", root);
    expect(readFileSync(join(publishedPath(root), "index.html"), "utf8")).toBe("first");
    fakeBuild(root, "20261202-020000-r2", "second");
    publishBuild("20261202-020000-r2", root);
    expect(publishedBuild(root)).toBe("20261202-020000-r2");
    expect(readlinkSync(publishedPath(root))).toBe(join("builds", "20261202-020000-r2"));
    expect(readFileSync(join(publishedPath(root), "index.html"), "utf8")).toBe("second");
  });

  it("refuses to publish a folder without a site, and leaves the published one", () => {
    const root = mkdtempSync(join(tmpdir(), "jiandu-publish-"));
    fakeBuild(root, "20261201-020000-r1");
    publishBuild("20261201-020000-r1", root);
    mkdirSync(join(buildsDir(root), "20261202-020000-r2"), { recursive: true });
    expect(() => publishBuild("20261202-020000-r2", root)).toThrow(/holds no built site/);
    expect(publishedBuild(root)).toBe("20261201-020000-r1");
  });

  it("refuses a `current` that is a real folder rather than overwrite it", () => {
    const root = mkdtempSync(join(tmpdir(), "jiandu-publish-"));
    mkdirSync(publishedPath(root), { recursive: true });
    fakeBuild(root, "20261201-020000-r1");
    expect(() => publishBuild("20261201-020000-r1", root)).toThrow(/not a symlink/);
  });

  it("keeps the newest N builds and never the published one", () => {
    const root = mkdtempSync(join(tmpdir(), "jiandu-publish-"));
    const ids = ["20261201-020000-r1", "20261202-020000-r2", "20261203-020000-r3", "20261204-020000-r4"];
    for (const id of ids) fakeBuild(root, id);
    publishBuild(ids[0]!, root); // an operator rolled back to the oldest
    expect(pruneBuilds(2, root).sort()).toEqual([ids[1]]);
    expect(ids.map((id) => existsSync(join(buildsDir(root), id)))).toEqual([true, false, true, true]);
    expect(publishedBuild(root)).toBe(ids[0]);
  });
});
