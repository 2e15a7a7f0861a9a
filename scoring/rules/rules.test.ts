import { describe, expect, it } from "vitest";
import { defaultScoringConfig, parseScoringConfig } from "../config.ts";
import { worstColour } from "./colour.ts";
import { binomialCdf, colourByFunnel, estimateOverdispersion, exactLimit, funnelLimits, normalCdf, normalQuantile } from "./funnel.ts";
import { colourByInterval } from "./interval.ts";
import { colourByTrend, slopeWithT } from "./trend.ts";

const CT02 = { greenLower: 0.95, greenUpper: 0.995, redLower: 0.9, redUpper: 1 };

describe("interval rule", () => {
  it("is green inside the interval with both ends included, yellow up to the red limit included, red beyond", () => {
    expect(colourByInterval(0.95, CT02).colour).toBe("green");
    expect(colourByInterval(0.995, CT02).colour).toBe("green");
    expect(colourByInterval(0.9499, CT02)).toEqual({ rule: "interval", colour: "yellow", side: "below" });
    expect(colourByInterval(0.9, CT02).colour).toBe("yellow");
    expect(colourByInterval(0.8999, CT02).colour).toBe("red");
    // Two-sided: a perfect on-time rate is not healthy (the courts' own guidance).
    expect(colourByInterval(1, CT02)).toEqual({ rule: "interval", colour: "yellow", side: "above" });
  });

  it("never turns red on a side without a red limit, and ignores unbounded sides", () => {
    const oneSided = { greenLower: 0.83, greenUpper: null, redLower: null, redUpper: null };
    expect(colourByInterval(0.1, oneSided).colour).toBe("yellow");
    expect(colourByInterval(5, oneSided).colour).toBe("green");
  });
});

describe("funnel rule", () => {
  it("computes normal limits p0 ± z·√(p0(1−p0)/n) for large denominators", () => {
    // p0 0.9, n 400: se 0.015; alert ±0.0294, alarm ±0.04635.
    const limits = funnelLimits(0.9, 400, 1.96, { exactBelow: 100 });
    expect(limits.method).toBe("normal");
    expect(limits.lower).toBeCloseTo(0.8706, 4);
    expect(limits.upper).toBeCloseTo(0.9294, 4);
    const dispersion = { p0: 0.9, phi: 1, tau2: 0, peers: 10 };
    const config = { ...defaultScoringConfig.funnel, exactBelow: 100, overdispersion: "none" as const };
    // 348 / 400 = 0.870, just under the alert limit 0.8706.
    expect(colourByFunnel({ numerator: 348, denominator: 400 }, dispersion, "higher_better", config).colour).toBe("yellow");
  });

  it("colours between the limits: yellow between alert and alarm, red beyond alarm, only on the sides that matter", () => {
    const dispersion = { p0: 0.9, phi: 1, tau2: 0, peers: 10 };
    const config = { ...defaultScoringConfig.funnel, exactBelow: 100, overdispersion: "none" as const };
    const at = (numerator: number, direction: "higher_better" | "lower_better" | "two_sided") =>
      colourByFunnel({ numerator, denominator: 400 }, dispersion, direction, config).colour;
    expect(at(352, "higher_better")).toBe("green"); // 0.88 inside [0.8706, 0.9294]
    expect(at(344, "higher_better")).toBe("yellow"); // 0.86: below alert 0.8706, above alarm 0.85365
    expect(at(340, "higher_better")).toBe("red"); // 0.85 below alarm
    expect(at(380, "higher_better")).toBe("green"); // 0.95: high is fine when higher is better
    expect(at(380, "two_sided")).toBe("red"); // 0.95 above alarm 0.94635
    expect(at(344, "lower_better")).toBe("green");
  });

  it("uses interpolated exact binomial limits for small denominators, so a small agency is not flagged for noise", () => {
    expect(binomialCdf(14, 20, 0.9)).toBeCloseTo(0.011253134, 8);
    expect(binomialCdf(15, 20, 0.9)).toBeCloseTo(0.043174495, 8);
    const tail = 1 - normalCdf(1.96);
    expect(tail).toBeCloseTo(0.025, 4);
    // Worked by hand: r = 15, back = (0.043174 − 0.024998) / (0.043174 − 0.011253) → (15 − 0.5694)/20.
    expect(exactLimit(20, 0.9, tail)).toBeCloseTo(0.72153, 4);
    const limits = funnelLimits(0.9, 20, 1.96, { exactBelow: 1000 });
    expect(limits.method).toBe("exact");
    expect(limits.lower).toBeCloseTo(0.72153, 4);
    expect(limits.upper).toBeCloseTo(0.98972, 4);
    // 15 of 20 (0.75) would be yellow under the normal approximation (lower alert 0.7685), green here.
    const dispersion = { p0: 0.9, phi: 1, tau2: 0, peers: 10 };
    const exact = colourByFunnel({ numerator: 15, denominator: 20 }, dispersion, "higher_better", { ...defaultScoringConfig.funnel, overdispersion: "none" });
    expect(exact.colour).toBe("green");
    expect(exact.alarm.lower).toBeCloseTo(0.61485, 4);
  });

  it("estimates overdispersion from winsorised z-scores and widens the limits by √φ", () => {
    const peers = [
      { numerator: 90, denominator: 100 },
      { numerator: 80, denominator: 100 },
      { numerator: 95, denominator: 100 },
      { numerator: 85, denominator: 100 },
    ];
    const none = estimateOverdispersion(peers, 0);
    expect(none.p0).toBeCloseTo(0.875, 10);
    // z = ±0.756, ±2.268 → φ = mean z² = 2.857.
    expect(none.phi).toBeCloseTo(2.857142857, 6);
    // Winsorising a quarter at each end pulls ±2.268 in to ±0.756: φ = 0.571 → floored at 1.
    expect(estimateOverdispersion(peers, 0.25).phi).toBe(1);
    const narrow = funnelLimits(0.875, 100, 1.96, { exactBelow: 0 });
    const wide = funnelLimits(0.875, 100, 1.96, { exactBelow: 0, phi: none.phi });
    expect(wide.upper - wide.lower).toBeCloseTo((narrow.upper - narrow.lower) * Math.sqrt(none.phi), 6);
    expect(estimateOverdispersion([{ numerator: 9, denominator: 10 }, { numerator: 90, denominator: 100 }], 0).phi).toBe(1);
  });

  it("inverts the normal distribution accurately", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.999)).toBeCloseTo(3.090232, 5);
    expect(normalCdf(3.09)).toBeCloseTo(0.998999, 5);
  });
});

describe("trend rule", () => {
  const config = defaultScoringConfig.trend;

  it("is yellow after three changes for the worse in a row", () => {
    const verdict = colourByTrend([0.98, 0.985, 0.97, 0.96, 0.955], "higher_better", { ...config, slopeMonths: 12 });
    expect(verdict.worseningPeriods).toBe(3);
    expect(verdict.colour).toBe("yellow");
    expect(colourByTrend([0.98, 0.97, 0.975, 0.96], "higher_better", config).colour).toBe("green");
  });

  it("is red when a steady decline over twelve months is also significant", () => {
    const decline = Array.from({ length: 12 }, (_, i) => 0.98 - 0.01 * i + (i % 2 ? 0.001 : -0.001));
    const verdict = colourByTrend(decline, "higher_better", config);
    expect(verdict.slopePerMonth).toBeCloseTo(-0.01, 3);
    expect(verdict.slopeT!).toBeLessThan(-config.slopeT);
    expect(verdict.colour).toBe("red");
    // The same decline is good news for a lower_better indicator.
    expect(colourByTrend(decline, "lower_better", config).colour).toBe("green");
  });

  it("computes the least-squares slope and its t", () => {
    expect(slopeWithT([1, 2, 3, 4])).toEqual({ slope: 1, t: Infinity });
    const fit = slopeWithT([1, 3, 2, 4])!;
    expect(fit.slope).toBeCloseTo(0.8, 10);
    // fitted 1.3, 2.1, 2.9, 3.7; residuals −0.3, 0.9, −0.9, 0.3 → s² = 1.8 / 2 = 0.9; sxx = 5;
    // se = √(0.9 / 5) = 0.4243; t = 0.8 / 0.4243 = 1.8856.
    expect(fit.t).toBeCloseTo(1.885618, 5);
  });

  it("counts only an unbroken run of data", () => {
    expect(colourByTrend([0.99, 0.98, null, 0.97, 0.96], "higher_better", config).worseningPeriods).toBe(1);
  });
});

describe("combining and configuration", () => {
  it("lets the worst rule win", () => {
    expect(worstColour(["green", "yellow", "green"])).toBe("yellow");
    expect(worstColour(["yellow", "red"])).toBe("red");
    expect(worstColour([])).toBe("green");
  });

  it("rejects an invalid configuration before anything is written, naming each problem", () => {
    expect(parseScoringConfig(defaultScoringConfig)).toEqual(defaultScoringConfig);
    const bad = { ...defaultScoringConfig, funnel: { ...defaultScoringConfig.funnel, alertZ: 3.5 }, deadlines: { yellowDays: 10, redDays: 20 } };
    expect(() => parseScoringConfig(bad)).toThrow(
      "invalid scoring configuration: funnel.alarmZ: must be greater than funnel.alertZ; deadlines.redDays: a red warning cannot have longer to answer than a yellow one",
    );
    expect(() => parseScoringConfig({ version: "" })).toThrow(/version: Too small|version/);
  });
});
