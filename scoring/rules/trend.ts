// Rule 3: sustained deterioration — worse in each of the last few periods, or a 12-month slope
// in the bad direction too steep to be chance (a t-test on the least-squares slope).
import { isWorse, type Colour, type Direction } from "./colour.ts";

export interface TrendVerdict {
  rule: "trend";
  colour: Colour;
  /** Consecutive periods ending now, each worse than the one before. */
  worseningPeriods: number;
  slopePerMonth: number | null;
  slopeT: number | null;
}

/** Least-squares slope of ys over equally spaced xs, and its t-statistic. */
export function slopeWithT(ys: number[]): { slope: number; t: number } | null {
  const n = ys.length;
  if (n < 3) return null;
  const meanX = (n - 1) / 2;
  const meanY = ys.reduce((s, y) => s + y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  ys.forEach((y, x) => {
    sxx += (x - meanX) ** 2;
    sxy += (x - meanX) * (y - meanY);
  });
  const slope = sxy / sxx;
  const residual = ys.reduce((s, y, x) => s + (y - (meanY + slope * (x - meanX))) ** 2, 0);
  const se = Math.sqrt(residual / (n - 2) / sxx);
  return { slope, t: se === 0 ? (slope === 0 ? 0 : Math.sign(slope) * Infinity) : slope / se };
}

/**
 * `series` is the indicator's values in period order, oldest first, ending with the period
 * being judged (nulls for periods without data break a run). Yellow when the last
 * `consecutivePeriods` changes were each for the worse, or the slope over the last `slopeMonths`
 * is significantly bad; red when both hold.
 */
export function colourByTrend(
  series: (number | null)[],
  direction: Direction,
  config: { consecutivePeriods: number; slopeMonths: number; slopeT: number },
  target?: number,
): TrendVerdict {
  let worsening = 0;
  for (let i = series.length - 1; i > 0; i--) {
    const now = series[i];
    const before = series[i - 1];
    if (now === null || now === undefined || before === null || before === undefined || !isWorse(direction, before, now, target)) break;
    worsening++;
  }
  const window = series.slice(-config.slopeMonths).filter((v): v is number => v !== null);
  const fit = window.length >= 6 ? slopeWithT(window) : null;
  let badSlope = false;
  if (fit) {
    const t = fit.t;
    if (direction === "higher_better") badSlope = t <= -config.slopeT;
    else if (direction === "lower_better") badSlope = t >= config.slopeT;
    else if (target !== undefined) {
      // Two-sided: significant movement away from the middle of the interval.
      const last = window[window.length - 1]!;
      badSlope = Math.abs(t) >= config.slopeT && Math.sign(fit.slope) === Math.sign(last - target);
    }
  }
  const sustained = worsening >= config.consecutivePeriods;
  const colour: Colour = sustained && badSlope ? "red" : sustained || badSlope ? "yellow" : "green";
  return { rule: "trend", colour, worseningPeriods: worsening, slopePerMonth: fit?.slope ?? null, slopeT: fit?.t ?? null };
}
