// An agency's 正常 / 提醒 / 预警 judgment for a period, from its indicators' colours and weights.
import type { ScoringConfig } from "./config.ts";
import type { Colour } from "./rules/colour.ts";

export type Judgment = "normal" | "reminder" | "warning";
export const JUDGMENT_WORD: Record<Judgment, string> = { normal: "正常", reminder: "提醒", warning: "预警" };

export interface ColouredIndicator {
  indicatorCode: string;
  colour: Colour;
  weight: number;
}

export interface AgencyJudgment {
  judgment: Judgment;
  /** Σ weight × (2 red, 1 yellow) ÷ (2 × Σ weight): 0 all green, 1 all red. */
  severity: number;
  redCount: number;
  yellowCount: number;
  /** The indicators behind it, most severe first. */
  drivers: { indicator_code: string; colour: Colour; weight: number }[];
}

export function judgeAgency(indicators: ColouredIndicator[], rules: ScoringConfig["judgment"]): AgencyJudgment {
  const points = (c: Colour) => (c === "red" ? 2 : c === "yellow" ? 1 : 0);
  const totalWeight = indicators.reduce((sum, i) => sum + i.weight, 0);
  const severity = totalWeight > 0 ? indicators.reduce((sum, i) => sum + points(i.colour) * i.weight, 0) / (2 * totalWeight) : 0;
  const redCount = indicators.filter((i) => i.colour === "red").length;
  const yellowCount = indicators.filter((i) => i.colour === "yellow").length;
  const judgment: Judgment =
    redCount >= rules.warningReds || severity >= rules.warningShare
      ? "warning"
      : redCount > 0 || severity >= rules.reminderShare
        ? "reminder"
        : "normal";
  const drivers = indicators
    .filter((i) => i.colour !== "green")
    .sort((a, b) => points(b.colour) * b.weight - points(a.colour) * a.weight || a.indicatorCode.localeCompare(b.indicatorCode))
    .map((i) => ({ indicator_code: i.indicatorCode, colour: i.colour, weight: i.weight }));
  return { judgment, severity, redCount, yellowCount, drivers };
}
