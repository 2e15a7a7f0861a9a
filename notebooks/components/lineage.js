// Model lineage from the compiled Dataform graph: one column per layer (raw sources → staging → intermediate →
// marts), a line from each model to what it reads; the chosen model and everything upstream of it stand out.
import * as Plot from "@observablehq/plot";

export const LAYERS = ["raw", "staging", "intermediate", "marts"];

/** Names of the model and everything it reads, transitively. */
export function upstreamOf(nodes, name) {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const seen = new Set();
  const visit = (n) => {
    if (seen.has(n)) return;
    seen.add(n);
    for (const r of byName.get(n)?.reads ?? []) visit(r);
  };
  if (name) visit(name);
  return seen;
}

export function lineageChart(nodes, {width, focus}) {
  const placed = new Map();
  for (const layer of LAYERS) {
    nodes.filter((n) => n.layer === layer).forEach((n, k) => placed.set(n.name, {...n, x: LAYERS.indexOf(layer), y: k}));
  }
  const rows = Math.max(...[...placed.values()].map((n) => n.y)) + 1;
  const lit = upstreamOf(nodes, focus);
  const links = [...placed.values()].flatMap((n) =>
    n.reads.filter((r) => placed.has(r)).map((r) => ({from: placed.get(r), to: n, lit: lit.has(n.name) && lit.has(r)}))
  );
  const label = (n) => n.name.split(".")[1];
  return Plot.plot({
    // Wider than a phone: keep the cells legible and let the card scroll sideways instead of shrinking.
    style: {maxWidth: "none"},
    width: Math.max(width, 760),
    height: rows * 20 + 50,
    marginLeft: 10,
    marginRight: 150,
    x: {domain: [0, LAYERS.length - 1], axis: "top", ticks: LAYERS.length, tickFormat: (k) => ["原始数据", "规范层 staging", "中间层 intermediate", "数据集市 marts"][k], label: null},
    y: {axis: null, domain: [rows, -1]},
    marks: [
      Plot.link(links.filter((l) => !l.lit), {x1: (l) => l.from.x, y1: (l) => l.from.y, x2: (l) => l.to.x, y2: (l) => l.to.y, stroke: "#ccc", curve: "bump-x"}),
      Plot.link(links.filter((l) => l.lit), {x1: (l) => l.from.x, y1: (l) => l.from.y, x2: (l) => l.to.x, y2: (l) => l.to.y, stroke: "#c62828", strokeWidth: 1.5, curve: "bump-x"}),
      Plot.dot([...placed.values()], {x: "x", y: "y", r: 3.5, fill: (n) => (lit.has(n.name) ? "#c62828" : "#777"), title: (n) => `${n.name}\n${n.description}`}),
      Plot.text([...placed.values()], {x: "x", y: "y", text: label, dx: 6, textAnchor: "start", fontSize: 10, fill: (n) => (lit.has(n.name) ? "currentColor" : "#777")})
    ]
  });
}
