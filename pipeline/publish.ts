// Where built sites live and how one becomes the published site: each build in its own folder under
// builds/, `current` a symlink switched by rename (atomic on POSIX), the last N builds kept for rollback.
import { existsSync, lstatSync, mkdirSync, readdirSync, readlinkSync, renameSync, rmSync, symlinkSync } from "node:fs";
import { basename, join } from "node:path";
import { projectRoot } from "../warehouse/project.ts";

/** The site folder: JIANDU_SITE_DIR, or .jiandu/site in the project. */
export function siteRoot(): string {
  return process.env.JIANDU_SITE_DIR ?? join(projectRoot, ".jiandu", "site");
}

/** What `jiandu serve` serves and what a web server in front of it should point at. */
export function publishedPath(root = siteRoot()): string {
  return join(root, "current");
}

export function buildsDir(root = siteRoot()): string {
  return join(root, "builds");
}

/** A build id that sorts by time: 20261204-020000-r42. */
export function newBuildId(runId: number, at = new Date()): string {
  const stamp = at.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  return `${stamp}-r${runId}`;
}

/** The build id `current` points at, or null when nothing is published. */
export function publishedBuild(root = siteRoot()): string | null {
  const current = publishedPath(root);
  try {
    if (!lstatSync(current).isSymbolicLink()) throw new Error(`${current} exists but is not a symlink; move it away so builds can be published`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  return basename(readlinkSync(current));
}

/** Point `current` at the build: a new symlink renamed over the old one, so a reader sees one or the other. */
export function publishBuild(buildId: string, root = siteRoot()): void {
  const target = join(buildsDir(root), buildId);
  if (!existsSync(join(target, "index.html"))) throw new Error(`cannot publish ${target}: it holds no built site`);
  publishedBuild(root); // refuses a `current` that is not ours
  const temporary = join(root, `.current-${process.pid}`);
  rmSync(temporary, { force: true });
  symlinkSync(join("builds", buildId), temporary);
  renameSync(temporary, publishedPath(root));
}

/** Remove all but the newest `keep` builds; the published one is never removed. Returns the removed ids. */
export function pruneBuilds(keep: number, root = siteRoot()): string[] {
  const dir = buildsDir(root);
  if (!existsSync(dir)) return [];
  const published = publishedBuild(root);
  const builds = readdirSync(dir).sort().reverse();
  const removed = builds.slice(Math.max(keep, 1)).filter((id) => id !== published);
  for (const id of removed) rmSync(join(dir, id), { recursive: true, force: true });
  return removed;
}

export function ensureSiteRoot(root = siteRoot()): void {
  mkdirSync(buildsDir(root), { recursive: true });
}
