// Scoring configuration: every rule's parameters in one typed, versioned object, validated
// before anything is written. Thresholds of individual indicators live in reference/indicators.csv.
import { readFileSync } from "node:fs";
import { z } from "zod";

const positive = z.number().positive();

export const scoringConfigSchema = z
  .object({
    /** Written on every output row, so a colour can be traced to the rules that made it. */
    version: z.string().min(1),
    funnel: z.object({
      /** z of the alert (yellow) limits: 1.96 ≈ 95 %. */
      alertZ: positive,
      /** z of the alarm (red) limits: 3.09 ≈ 99.8 %. */
      alarmZ: positive,
      /** Below this denominator the limits are exact binomial (interpolated); above, normal. */
      exactBelow: z.number().int().min(0),
      /** How extra-binomial variation between agencies widens the limits. */
      overdispersion: z.enum(["none", "multiplicative", "additive"]),
      /** Share of z-scores winsorised at each end before estimating overdispersion. */
      winsorise: z.number().min(0).max(0.25),
      /** Peers needed before the funnel rule applies at all. */
      minPeers: z.number().int().min(2),
    }),
    trend: z.object({
      /** Worse in each of this many consecutive periods… */
      consecutivePeriods: z.number().int().min(2),
      /** …months of the slope test… */
      slopeMonths: z.number().int().min(6),
      /** …and the t-statistic a bad-direction slope must reach. */
      slopeT: positive,
    }),
    /**
     * An agency's judgment from its colours: 预警 warning with at least `warningReds` red
     * indicators or a weighted severity share of at least `warningShare` (red counts 2, yellow 1,
     * each times its catalog weight, over twice the weight scored); 提醒 reminder with any red or
     * a share of at least `reminderShare`; 正常 normal otherwise.
     */
    judgment: z.object({
      warningReds: z.number().int().positive(),
      warningShare: z.number().min(0).max(1),
      reminderShare: z.number().min(0).max(1),
    }),
    /** Days an agency has to answer a warning, by colour. */
    deadlines: z.object({ yellowDays: z.number().int().positive(), redDays: z.number().int().positive() }),
  })
  .superRefine((config, ctx) => {
    if (config.funnel.alarmZ <= config.funnel.alertZ) {
      ctx.addIssue({ code: "custom", path: ["funnel", "alarmZ"], message: "must be greater than funnel.alertZ" });
    }
    if (config.judgment.reminderShare > config.judgment.warningShare) {
      ctx.addIssue({ code: "custom", path: ["judgment", "reminderShare"], message: "must not exceed judgment.warningShare" });
    }
    if (config.deadlines.redDays > config.deadlines.yellowDays) {
      ctx.addIssue({ code: "custom", path: ["deadlines", "redDays"], message: "a red warning cannot have longer to answer than a yellow one" });
    }
  });

export type ScoringConfig = z.infer<typeof scoringConfigSchema>;

export const defaultScoringConfig: ScoringConfig = {
  version: "scoring-2026.1",
  funnel: { alertZ: 1.96, alarmZ: 3.09, exactBelow: 1000, overdispersion: "multiplicative", winsorise: 0.1, minPeers: 5 },
  trend: { consecutivePeriods: 3, slopeMonths: 12, slopeT: 2.5 },
  judgment: { warningReds: 2, warningShare: 0.3, reminderShare: 0.1 },
  deadlines: { yellowDays: 30, redDays: 15 },
};

/** Parse a configuration, or throw one error listing every problem by its path. */
export function parseScoringConfig(input: unknown): ScoringConfig {
  const parsed = scoringConfigSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`);
  throw new Error(`invalid scoring configuration: ${problems.join("; ")}`);
}

/** Where the pipeline looks for threshold overrides unless JIANDU_SCORING_CONFIG names another file. */
export const SCORING_CONFIG_FILE = "scoring.config.json";

type Json = Record<string, unknown>;
function mergeOver(base: Json, override: Json): Json {
  const merged: Json = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = merged[key];
    merged[key] =
      value && typeof value === "object" && !Array.isArray(value) && current && typeof current === "object" ? mergeOver(current as Json, value as Json) : value;
  }
  return merged;
}

/**
 * The configuration from a JSON file of overrides (any subset of the keys; the rest keep their defaults).
 * Errors name the file, and the line and column of a syntax error.
 */
export function readScoringConfigFile(path: string): ScoringConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new Error(`cannot read scoring configuration ${path}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message);
    let where = "";
    if (position) {
      const before = text.slice(0, Number(position[1]));
      const line = before.split("\n").length;
      where = ` at line ${line}, column ${before.length - before.lastIndexOf("\n")}`;
    }
    throw new Error(`scoring configuration ${path} is not valid JSON${where}: ${(error as Error).message}`);
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error(`scoring configuration ${path}: expected a JSON object`);
  try {
    return parseScoringConfig(mergeOver(defaultScoringConfig as unknown as Json, parsed as Json));
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`);
  }
}
