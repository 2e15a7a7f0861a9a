// One indicator over time for every agency of a type: peers in grey, the chosen agency in black, the green
// interval behind, each of the chosen agency's months as a dot in its interval colour.
import * as Plot from "@observablehq/plot";
import {COLOURS} from "./colours.js";
import {formatPeriod, formatValue} from "./format.js";

function intervalColour(v, ind) {
  if (v == null) return null;
  const below = ind.green_lower != null && v < ind.green_lower;
  const above = ind.green_upper != null && v > ind.green_upper;
  if (!below && !above) return "green";
  if ((below && ind.red_lower != null && v < ind.red_lower) || (above && ind.red_upper != null && v > ind.red_upper)) return "red";
  return "yellow";
}

/** points: [{agency, name, date, p, v}] for all agencies; focus: the chosen agency's code. */
export function trendChart(points, indicator, focus, {width, height = 320} = {}) {
  const mine = points.filter((d) => d.agency === focus && d.v != null);
  const values = points.map((d) => d.v).filter((v) => v != null);
  const lo = Math.min(...values, indicator.green_lower ?? Infinity);
  const hi = Math.max(...values, indicator.green_upper ?? -Infinity);
  const dates = points.map((d) => d.date);
  return Plot.plot({
    width,
    height,
    marginLeft: 60,
    x: {type: "utc", label: null},
    y: {label: indicator.name, tickFormat: (v) => formatValue(v, indicator.unit), grid: true, domain: [lo, hi], nice: true},
    marks: [
      Plot.rectY([0], {
        x1: Math.min(...dates),
        x2: Math.max(...dates),
        y1: indicator.green_lower ?? lo,
        y2: indicator.green_upper ?? hi,
        fill: COLOURS.green.tint
      }),
      Plot.lineY(points.filter((d) => d.agency !== focus), {x: "date", y: "v", z: "agency", stroke: "#bbb", strokeWidth: 1, title: "name"}),
      Plot.lineY(mine, {x: "date", y: "v", stroke: "black", strokeWidth: 2}),
      Plot.dot(mine, {
        x: "date",
        y: "v",
        r: 3,
        fill: (d) => COLOURS[intervalColour(d.v, indicator)]?.fill ?? "#999",
        title: (d) => `${d.name} ${formatPeriod(d.p)}：${formatValue(d.v, indicator.unit)}`
      })
    ]
  });
}
