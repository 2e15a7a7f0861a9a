// Heat by region: county-level units down, months across, the cell's shade the rate per 100,000 residents.
import * as Plot from "@observablehq/plot";
import {formatPeriod} from "./format.js";

/** cells: [{name, date, p, rate, count}] */
export function heatMatrix(cells, {width, label, regions}) {
  return Plot.plot({
    width,
    height: regions.length * 24 + 60,
    marginLeft: 70,
    x: {type: "band", label: null, tickFormat: (d) => (d.getUTCMonth() === 0 ? `${d.getUTCFullYear()}年` : `${d.getUTCMonth() + 1}月`), interval: "month"},
    y: {domain: regions, label: null},
    color: {type: "sqrt", scheme: "oranges", label, legend: true, zero: true},
    marks: [
      Plot.cell(cells, {x: "date", y: "name", fill: "rate", inset: 0.5, title: (d) => `${d.name} ${formatPeriod(d.p)}：${d.count}件，每10万人${d.rate.toFixed(2)}件`})
    ]
  });
}

/** Total per region as bars, for the chosen window. */
export function heatTotals(totals, {width, label}) {
  return Plot.plot({
    width,
    height: totals.length * 24 + 40,
    marginLeft: 70,
    x: {label, grid: true},
    y: {label: null, domain: totals.map((d) => d.name)},
    marks: [Plot.barX(totals, {y: "name", x: "rate", fill: "#e6550d", title: (d) => `${d.name}：${d.count}件`}), Plot.ruleX([0])]
  });
}
