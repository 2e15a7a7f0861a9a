// UpSet-style view of how 难点, 热点 and 弱点 meet: one bar per combination of tags (how many agency × topic
// problems carry exactly that combination) above a dot matrix naming the tags of the combination.
import * as Plot from "@observablehq/plot";
import {html} from "htl";

export const TAGS = ["难点", "热点", "弱点"];

/** [{key, tags, n}] for every combination that occurs, the most tags first. */
export function tagCombinations(rows) {
  const counts = new Map();
  for (const row of rows) {
    const tags = TAGS.filter((t) => row.tags.includes(t));
    const key = tags.join("＋");
    counts.set(key, {key, tags, n: (counts.get(key)?.n ?? 0) + 1});
  }
  return [...counts.values()].sort((a, b) => b.tags.length - a.tags.length || b.n - a.n);
}

export function upsetChart(rows, {width} = {}) {
  const combos = tagCombinations(rows);
  const keys = combos.map((c) => c.key);
  const x = {domain: keys, axis: null, padding: 0.3};
  const bars = Plot.plot({
    width,
    height: 200,
    marginLeft: 60,
    x,
    y: {label: "问题数（个）", grid: true},
    marks: [
      Plot.barY(combos, {x: "key", y: "n", fill: (d) => (d.tags.length >= 2 ? "#c62828" : "#8a8a8a"), title: (d) => `${d.key}：${d.n}个`}),
      Plot.text(combos, {x: "key", y: "n", text: "n", dy: -8}),
      Plot.ruleY([0])
    ]
  });
  const cells = combos.flatMap((c) => TAGS.map((tag) => ({key: c.key, tag, on: c.tags.includes(tag)})));
  const matrix = Plot.plot({
    width,
    height: 110,
    marginLeft: 60,
    x,
    y: {domain: TAGS, label: null},
    marks: [
      Plot.dot(cells, {x: "key", y: "tag", r: 7, fill: (d) => (d.on ? "#333" : "#ddd")}),
      Plot.line(cells.filter((d) => d.on), {x: "key", y: "tag", z: "key", stroke: "#333", strokeWidth: 2})
    ]
  });
  return html`<div>${bars}${matrix}</div>`;
}
