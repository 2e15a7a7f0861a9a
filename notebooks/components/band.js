// One indicator on its reference interval: the green band, the yellow margins up to the red limits, the red
// beyond, the agency's value as a dot (with its colour word beside it) and the peers' middle half and median.
import * as Plot from "@observablehq/plot";
import {COLOURS} from "./colours.js";
import {formatValue} from "./format.js";

/** The x domain: the interval, the red limits, the value and the peers, with some room either side. */
function domainOf(indicator, value, peer) {
  const points = [indicator.green_lower, indicator.green_upper, indicator.red_lower, indicator.red_upper, value, peer?.[2], peer?.[3]].filter(
    (x) => x != null && Number.isFinite(x)
  );
  let lo = Math.min(...points);
  let hi = Math.max(...points);
  if (lo === hi) [lo, hi] = [lo - Math.abs(lo || 1) * 0.1, hi + Math.abs(hi || 1) * 0.1];
  const pad = (hi - lo) * 0.15;
  const floor = indicator.unit === "rate" || indicator.green_lower === 0 ? Math.max(0, lo - pad) : lo - pad;
  return [floor, indicator.unit === "rate" ? Math.min(1, hi + pad) : hi + pad];
}

export function bandChart(indicator, value, colour, peer, {width = 320, height = 54} = {}) {
  const [x0, x1] = domainOf(indicator, value, peer);
  const gl = indicator.green_lower ?? x0;
  const gu = indicator.green_upper ?? x1;
  const rl = indicator.red_lower ?? x0;
  const ru = indicator.red_upper ?? x1;
  const zones = [
    {from: x0, to: rl, colour: "red"},
    {from: rl, to: gl, colour: "yellow"},
    {from: gl, to: gu, colour: "green"},
    {from: gu, to: ru, colour: "yellow"},
    {from: ru, to: x1, colour: "red"}
  ].filter((z) => z.to > z.from);
  const format = (x) => formatValue(x, indicator.unit);
  return Plot.plot({
    width,
    height,
    marginTop: 6,
    marginBottom: 22,
    marginLeft: 8,
    marginRight: 8,
    x: {domain: [x0, x1], ticks: Math.max(2, Math.floor(width / 110)), tickFormat: format, label: null},
    y: {axis: null, domain: [0, 1]},
    marks: [
      Plot.rectX(zones, {x1: "from", x2: "to", y1: 0.3, y2: 0.7, fill: (z) => COLOURS[z.colour].tint}),
      Plot.ruleX([gl, gu].filter((x) => x > x0 && x < x1), {y1: 0.25, y2: 0.75, stroke: COLOURS.green.fill, strokeOpacity: 0.6}),
      peer && peer[2] != null ? Plot.ruleY([0.5], {x1: peer[2], x2: peer[3], stroke: "#555", strokeWidth: 3, strokeOpacity: 0.45}) : null,
      peer && peer[1] != null ? Plot.tickX([peer[1]], {y1: 0.3, y2: 0.7, stroke: "#333", strokeWidth: 1.5, title: () => `同类中位数 ${format(peer[1])}`}) : null,
      value != null
        ? Plot.dot([value], {x: (d) => d, y: 0.5, r: 6, fill: COLOURS[colour]?.fill ?? "#777", stroke: "white", title: (d) => `本期 ${format(d)}`})
        : null
    ]
  });
}
