// Rule 2: peer comparison with funnel-plot control limits (Spiegelhalter 2005). A rate is set
// against the peers' pooled rate p0 with limits that widen as the agency's denominator shrinks,
// so a small agency is not flagged for chance alone; limits are exact binomial for small
// denominators and widened for the extra variation real agencies show (overdispersion).
import type { Colour, Direction } from "./colour.ts";

/** Standard normal quantile (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (p <= 0 || p >= 1) throw new Error(`normalQuantile needs 0 < p < 1, got ${p}`);
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/** Standard normal cumulative Φ(z): 1.96 → 0.975. */
export function normalCdf(z: number): number {
  // Abramowitz–Stegun 7.1.26 for erf, enough for choosing a quantile.
  const x = z / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return 0.5 * (1 + Math.sign(x) * erf);
}

/** Binomial cumulative P(X ≤ r) for X ~ Bin(n, p), summed in log space (exact up to float precision). */
export function binomialCdf(r: number, n: number, p: number): number {
  if (r < 0) return 0;
  if (r >= n) return 1;
  if (p <= 0) return 1;
  if (p >= 1) return 0;
  let logTerm = n * Math.log(1 - p); // P(X = 0)
  let sum = Math.exp(logTerm);
  for (let k = 1; k <= r; k++) {
    logTerm += Math.log((n - k + 1) / k) + Math.log(p / (1 - p));
    sum += Math.exp(logTerm);
  }
  return Math.min(1, sum);
}

/**
 * The interpolated exact binomial limit of Spiegelhalter (2005): the smallest r with
 * P(X ≤ r) ≥ q, stepped back by how far the cumulative overshoots q, as a proportion of n.
 */
export function exactLimit(n: number, p0: number, q: number): number {
  if (p0 <= 0) return 0;
  if (p0 >= 1) return 1;
  // One pass over the distribution: P(X = k) from P(X = k − 1), the cumulative alongside.
  const ratio = p0 / (1 - p0);
  let logTerm = n * Math.log(1 - p0);
  let previous = 0;
  let current = Math.exp(logTerm);
  let r = 0;
  while (current < q && r < n) {
    r++;
    logTerm += Math.log((n - r + 1) / r) + Math.log(ratio);
    previous = current;
    current = Math.min(1, current + Math.exp(logTerm));
  }
  const step = current - previous;
  const back = step > 0 ? (current - q) / step : 0;
  return Math.min(1, Math.max(0, (r - back) / n));
}

export interface FunnelLimits {
  lower: number;
  upper: number;
  method: "exact" | "normal";
}

/**
 * Limits at a given z for a denominator n around the target p0, widened by overdispersion:
 * multiplicatively by √φ, or additively with a between-agency variance τ².
 */
export function funnelLimits(
  p0: number,
  n: number,
  z: number,
  options: { exactBelow: number; phi?: number; tau2?: number },
): FunnelLimits {
  const phi = options.phi ?? 1;
  const tau2 = options.tau2 ?? 0;
  if (n < options.exactBelow && phi === 1 && tau2 === 0) {
    const tail = 1 - normalCdf(z);
    return { lower: exactLimit(n, p0, tail), upper: exactLimit(n, p0, 1 - tail), method: "exact" };
  }
  const se = Math.sqrt((phi * p0 * (1 - p0)) / n + tau2);
  return { lower: Math.max(0, p0 - z * se), upper: Math.min(1, p0 + z * se), method: "normal" };
}

export interface PeerRate {
  numerator: number;
  denominator: number;
}

export interface Overdispersion {
  p0: number;
  /** Multiplicative factor φ (1 when the peers vary no more than chance). */
  phi: number;
  /** Additive between-agency variance τ² (DerSimonian–Laird). */
  tau2: number;
  peers: number;
}

/**
 * The peers' pooled rate and how much more than binomial noise they vary: φ is the mean of
 * the squared z-scores after winsorising the most extreme share at each end (so the agencies
 * being judged do not widen their own limits); τ² is the DerSimonian–Laird estimate.
 */
export function estimateOverdispersion(peers: PeerRate[], winsorise: number): Overdispersion {
  const usable = peers.filter((p) => p.denominator > 0);
  const total = usable.reduce((sum, p) => sum + p.denominator, 0);
  const p0 = total > 0 ? usable.reduce((sum, p) => sum + p.numerator, 0) / total : 0;
  if (usable.length < 2 || p0 <= 0 || p0 >= 1) return { p0, phi: 1, tau2: 0, peers: usable.length };
  const zs = usable.map((p) => (p.numerator / p.denominator - p0) / Math.sqrt((p0 * (1 - p0)) / p.denominator)).sort((a, b) => a - b);
  const cut = Math.floor(zs.length * winsorise);
  const low = zs[cut]!;
  const high = zs[zs.length - 1 - cut]!;
  const winsorised = zs.map((z) => Math.min(high, Math.max(low, z)));
  const chi2 = winsorised.reduce((sum, z) => sum + z * z, 0);
  const phi = Math.max(1, chi2 / usable.length);
  // DerSimonian–Laird with weights 1/s² = n / (p0(1−p0)).
  const weights = usable.map((p) => p.denominator / (p0 * (1 - p0)));
  const sumW = weights.reduce((s, w) => s + w, 0);
  const sumW2 = weights.reduce((s, w) => s + w * w, 0);
  const tau2 = Math.max(0, (chi2 - (usable.length - 1)) / (sumW - sumW2 / sumW));
  return { p0, phi, tau2, peers: usable.length };
}

export interface FunnelVerdict {
  rule: "funnel";
  colour: Colour;
  value: number;
  target: number;
  alert: FunnelLimits;
  alarm: FunnelLimits;
  side: "below" | "above" | null;
}

/**
 * Yellow between the alert and alarm limits, red beyond the alarm limit, on the side(s) the
 * indicator's direction cares about (a higher_better rate is never flagged for being high).
 */
export function colourByFunnel(
  rate: PeerRate,
  dispersion: Overdispersion,
  direction: Direction,
  config: { alertZ: number; alarmZ: number; exactBelow: number; overdispersion: "none" | "multiplicative" | "additive" },
): FunnelVerdict {
  const widen = {
    exactBelow: config.exactBelow,
    phi: config.overdispersion === "multiplicative" ? dispersion.phi : 1,
    tau2: config.overdispersion === "additive" ? dispersion.tau2 : 0,
  };
  const value = rate.numerator / rate.denominator;
  const alert = funnelLimits(dispersion.p0, rate.denominator, config.alertZ, widen);
  const alarm = funnelLimits(dispersion.p0, rate.denominator, config.alarmZ, widen);
  const checkLow = direction !== "lower_better";
  const checkHigh = direction !== "higher_better";
  let colour: Colour = "green";
  let side: FunnelVerdict["side"] = null;
  if (checkLow && value < alert.lower) {
    side = "below";
    colour = value < alarm.lower ? "red" : "yellow";
  } else if (checkHigh && value > alert.upper) {
    side = "above";
    colour = value > alarm.upper ? "red" : "yellow";
  }
  return { rule: "funnel", colour, value, target: dispersion.p0, alert, alarm, side };
}
