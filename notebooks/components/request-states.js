// Response requests by state per group: open, answered, overdue, closed — overdue in red so it stands out,
// always with the state's word.
import * as Plot from "@observablehq/plot";

export const STATES = {
  open: {label: "待答复", fill: "#4e79a7"},
  answered: {label: "已答复", fill: "#59a14f"},
  overdue: {label: "逾期未答复", fill: "#c62828"},
  closed: {label: "已销号", fill: "#9c9c9c"}
};
export const STATE_ORDER = ["overdue", "open", "answered", "closed"];

/** rows: [{group, state, n}] */
export function requestStatesChart(rows, {width, groups}) {
  return Plot.plot({
    width,
    height: groups.length * 28 + 60,
    marginLeft: 150,
    x: {label: "答复请求（件）", grid: true},
    y: {domain: groups, label: null},
    color: {domain: STATE_ORDER, range: STATE_ORDER.map((s) => STATES[s].fill), tickFormat: (s) => STATES[s].label, legend: true},
    marks: [
      Plot.barX(rows, Plot.stackX({y: "group", x: "n", fill: "state", order: STATE_ORDER, title: (d) => `${d.group} ${STATES[d.state].label} ${d.n}件`})),
      Plot.ruleX([0])
    ]
  });
}

/** A rate per agency as horizontal bars with the share as text: on-time answers, adoption. */
export function rateBars(rows, {width, label}) {
  return Plot.plot({
    width,
    height: rows.length * 24 + 50,
    marginLeft: 150,
    x: {domain: [0, 1], tickFormat: "%", label, grid: true},
    y: {domain: rows.map((d) => d.name), label: null},
    marks: [
      Plot.barX(rows, {y: "name", x: "rate", fill: "#4e79a7", title: (d) => `${d.name}：${d.num}/${d.den}`}),
      Plot.text(rows, {y: "name", x: "rate", text: (d) => `${(d.rate * 100).toFixed(0)}%（${d.num}/${d.den}）`, dx: 4, textAnchor: "start"}),
      Plot.ruleX([0])
    ]
  });
}
