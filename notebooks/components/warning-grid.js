// The warning board: agencies down, indicators across, each cell in its colour with its icon; a click opens
// the agency's health sheet.
import * as Plot from "@observablehq/plot";
import {COLOURS, colourScale, colourWord} from "./colours.js";

/** cells: [{agency, name, indicator, indicatorName, colour, dimmed}] */
export function warningGrid(cells, {width, agencies, indicators, href}) {
  return Plot.plot({
    // Wider than a phone: keep the cells legible and let the card scroll sideways instead of shrinking.
    style: {maxWidth: "none"},
    width: Math.max(width, indicators.length * 26 + 170),
    height: agencies.length * 24 + 60,
    marginLeft: 170,
    marginTop: 40,
    x: {axis: "top", domain: indicators, label: null, tickRotate: -45},
    y: {domain: agencies, label: null},
    color: {...colourScale, legend: false},
    marks: [
      Plot.cell(cells, {
        x: "indicator",
        y: "name",
        fill: (d) => colourWord(d.colour),
        fillOpacity: (d) => (d.dimmed ? 0.15 : 0.9),
        inset: 1,
        href: (d) => href(d),
        title: (d) => `${d.name}\n${d.indicator} ${d.indicatorName}：${COLOURS[d.colour].icon} ${COLOURS[d.colour].label}`
      }),
      Plot.text(cells, {x: "indicator", y: "name", text: (d) => (d.dimmed ? "" : COLOURS[d.colour].icon), fill: "white", fontSize: 10, pointerEvents: "none"})
    ]
  });
}
