// Rule 1: the reference interval and red limits of the indicator catalog.
import type { Colour } from "./colour.ts";

export interface Bounds {
  greenLower: number | null;
  greenUpper: number | null;
  redLower: number | null;
  redUpper: number | null;
}

export interface IntervalVerdict {
  rule: "interval";
  colour: Colour;
  /** Which side is outside, when one is. */
  side: "below" | "above" | null;
}

/** Green inside [greenLower, greenUpper] (ends included); yellow up to the red limits (included); red beyond. */
export function colourByInterval(value: number, bounds: Bounds): IntervalVerdict {
  if (bounds.greenLower !== null && value < bounds.greenLower) {
    const red = bounds.redLower === null ? false : value < bounds.redLower;
    return { rule: "interval", colour: red ? "red" : "yellow", side: "below" };
  }
  if (bounds.greenUpper !== null && value > bounds.greenUpper) {
    const red = bounds.redUpper === null ? false : value > bounds.redUpper;
    return { rule: "interval", colour: red ? "red" : "yellow", side: "above" };
  }
  return { rule: "interval", colour: "green", side: null };
}
