// How many indicators are red and yellow, per group (agency type, region): stacked bars in the site's colours.
import * as Plot from "@observablehq/plot";
import {colourScale, colourWord, COLOURS} from "./colours.js";

/** data: [{group, colour, n}] with colour yellow or red. */
export function colourCountsChart(data, {width, groupLabel = null, countLabel = "指标数（个）", order} = {}) {
  const rows = data.filter((d) => d.colour === "red" || d.colour === "yellow");
  const groups = order ?? [...new Set(data.map((d) => d.group))];
  return Plot.plot({
    width,
    height: Math.max(120, groups.length * 26 + 50),
    marginLeft: 96,
    x: {label: countLabel, grid: true},
    y: {domain: groups, label: groupLabel},
    color: {...colourScale, domain: [COLOURS.yellow.label, COLOURS.red.label], range: [COLOURS.yellow.fill, COLOURS.red.fill]},
    marks: [
      Plot.barX(rows, Plot.stackX({y: "group", x: "n", fill: (d) => colourWord(d.colour), order: [COLOURS.red.label, COLOURS.yellow.label], title: (d) => `${d.group} ${COLOURS[d.colour].label} ${d.n}项`})),
      Plot.ruleX([0])
    ]
  });
}
