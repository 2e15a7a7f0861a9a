// Twelve months of one indicator: the line, the green interval behind it, each month's dot in its colour.
import * as Plot from "@observablehq/plot";
import {COLOURS} from "./colours.js";
import {formatPeriod, formatValue} from "./format.js";

export function sparkline(points, indicator, {width = 200, height = 54} = {}) {
  const data = points.map((d) => ({...d, date: new Date(`${d.p}-01T00:00:00`)}));
  const values = data.map((d) => d.v).filter((v) => v != null);
  if (values.length === 0) return document.createTextNode("无数据");
  const lo = Math.min(...values, indicator.green_lower ?? Infinity);
  const hi = Math.max(...values, indicator.green_upper ?? -Infinity);
  return Plot.plot({
    width,
    height,
    marginTop: 6,
    marginBottom: 6,
    marginLeft: 4,
    marginRight: 4,
    x: {axis: null, type: "utc"},
    y: {axis: null, domain: [lo - (hi - lo) * 0.1, hi + (hi - lo) * 0.1 || hi + 1]},
    marks: [
      Plot.rectY([0], {
        x1: data[0].date,
        x2: data[data.length - 1].date,
        y1: indicator.green_lower ?? lo - (hi - lo),
        y2: indicator.green_upper ?? hi + (hi - lo),
        fill: COLOURS.green.tint
      }),
      Plot.lineY(data, {x: "date", y: "v", stroke: "#666", strokeWidth: 1.2}),
      Plot.dot(data, {
        x: "date",
        y: "v",
        r: 2.5,
        fill: (d) => COLOURS[d.c]?.fill ?? "#999",
        title: (d) => `${formatPeriod(d.p)} ${formatValue(d.v, indicator.unit)} ${COLOURS[d.c]?.label ?? ""}`
      })
    ]
  });
}
