// An agency's dimension scores (0–100) as bars, with the median of its peers (same type and level) as a tick.
import * as Plot from "@observablehq/plot";
import {COLOURS} from "./colours.js";

/** The score's colour: the band scores fall to 60 at the red limit (agency_portrait's method). */
export function scoreColour(score) {
  return score >= 95 ? "green" : score >= 80 ? "yellow" : "red";
}

export function portraitChart(rows, {width} = {}) {
  return Plot.plot({
    width,
    height: rows.length * 34 + 50,
    marginLeft: 90,
    x: {domain: [0, 100], label: "得分（0–100）", grid: true},
    y: {label: null, domain: rows.map((d) => d.name)},
    marks: [
      Plot.barX(rows, {y: "name", x: "score", fill: (d) => COLOURS[scoreColour(d.score)].fill, fillOpacity: 0.85, title: (d) => `${d.name} ${d.score.toFixed(1)}分`}),
      Plot.text(rows, {y: "name", x: "score", text: (d) => d.score.toFixed(1), dx: -18, fill: "white"}),
      Plot.tickX(rows.filter((d) => d.peer != null), {y: "name", x: "peer", stroke: "black", strokeWidth: 2, title: (d) => `同类中位数 ${d.peer.toFixed(1)}分`}),
      Plot.ruleX([0])
    ]
  });
}
