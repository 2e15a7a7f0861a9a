// Cross-stage: the problems the sample generator plants come out of the marts as problem tags
// on the right agency and topic, with the tags the manifest expects.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestPaths } from "../ingest/ingest.ts";
import { generateSample, type SampleManifest } from "../ingest/sample/generate.ts";
import { compileOrThrow } from "../warehouse/dataform/compile.ts";
import { runTransform, type RunResult } from "../warehouse/dataform/run.ts";
import { scoreWarehouse, type ScoreResult } from "../scoring/score.ts";
import { testWarehouse, type TestWarehouse } from "./warehouse.ts";

let warehouse: TestWarehouse;
let manifest: SampleManifest;
let build: RunResult;
let scored: ScoreResult;

beforeAll(async () => {
  warehouse = await testWarehouse();
  const out = join(mkdtempSync(join(tmpdir(), "jiandu-planted-")), "inbox");
  // City volumes (the hot-topic thresholds are counts), two years: enough for every plant's window.
  manifest = await generateSample({ out, years: 2 });
  await ingestPaths(warehouse, [out]);
  build = await runTransform(warehouse, compileOrThrow());
  scored = await scoreWarehouse(warehouse);
}, 600_000);

afterAll(async () => {
  await warehouse.close();
});

describe("planted problems", () => {
  it("the whole graph builds on the sample with zero failed assertions", () => {
    expect(build.results.filter((r) => r.status !== "succeeded").map((r) => `${r.name}: ${r.error}`)).toEqual([]);
  });

  it("each appears in problem_tags on its agency and topic with the expected tags", async () => {
    const topics = new Map(
      (await warehouse.rows<{ indicator_code: string; topic: string }>("select indicator_code, topic from intermediate.int_indicator_topics")).map((t) => [
        t.indicator_code,
        t.topic,
      ]),
    );
    const tags = await warehouse.rows<{ agency_code: string; topic: string; tags: string[] }>("select agency_code, topic, tags from marts.problem_tags");
    for (const plant of manifest.planted) {
      const plantTopics = new Set([...plant.indicator_codes.map((code) => topics.get(code)!), ...(plant.topic ? [plant.topic] : [])]);
      const found = tags.filter((t) => t.agency_code === plant.agency_code && plantTopics.has(t.topic));
      const union = new Set(found.flatMap((t) => t.tags));
      expect({ plant: plant.id, tags: [...union].sort() }).toEqual({
        plant: plant.id,
        tags: expect.arrayContaining(plant.expected_tags),
      });
    }
  });

  it("the ones planted as weak and hot together are focus issues", async () => {
    const focus = await warehouse.rows<{ agency_code: string; topic: string }>("select agency_code, topic from marts.focus_issues");
    for (const plant of manifest.planted.filter((p) => p.expected_tags.length >= 2 && p.topic)) {
      expect(focus).toContainEqual({ agency_code: plant.agency_code, topic: plant.topic });
    }
  });

  it("each gets a yellow or red warning on its agency and one of its indicators for the latest month (recall 100%)", async () => {
    const warnings = await warehouse.rows<{ agency_code: string; indicator_code: string; colour: string; explanation: string }>(
      "select agency_code, indicator_code, colour, explanation from scoring.warnings where period_start = $1",
      [scored.latestMonth],
    );
    for (const plant of manifest.planted) {
      const hits = warnings.filter((w) => w.agency_code === plant.agency_code && plant.indicator_codes.includes(w.indicator_code));
      expect(hits.length, plant.id).toBeGreaterThan(0);
      expect(hits[0]!.explanation).toContain(plant.agency_name);
    }
  });

  it("rescoring unchanged data changes nothing", async () => {
    const snapshot = async () =>
      warehouse.rows("select warning_id, colour, explanation, updated_at from scoring.warnings order by warning_id");
    const before = await snapshot();
    const again = await scoreWarehouse(warehouse);
    expect(again.warningsNew).toBe(0);
    expect(await snapshot()).toEqual(before);
  });

  it("each gets a supervision recommendation for its agency, an inquiry or stronger where weak and hot meet", async () => {
    const recommendations = await warehouse.rows<{ agency_code: string | null; topic: string | null; method: string; ladder_step: number; body_codes: string[]; reasons: string }>(
      "select agency_code, topic, method, ladder_step, body_codes, reasons from scoring.recommendations",
    );
    expect(recommendations.every((r) => r.body_codes.length > 0 && r.reasons.length > 10)).toBe(true);
    for (const plant of manifest.planted) {
      const mine = recommendations.filter((r) => r.agency_code === plant.agency_code);
      expect(mine.length, plant.id).toBeGreaterThan(0);
      if (plant.topic && plant.expected_tags.length >= 2) {
        expect(mine.some((r) => r.topic === plant.topic && r.ladder_step >= 4), plant.id).toBe(true);
      }
    }
  });
});

