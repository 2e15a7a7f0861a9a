// Correlation between the indicators of one agency type: a diverging colour per pair, r printed in the cell,
// n (agency-months both had a value) in the tooltip. Correlation says two measures move together, not why.
import * as Plot from "@observablehq/plot";

export function correlationMatrix(pairs, {width, codes, names}) {
  const cells = pairs.flatMap((d) => [d, {...d, a: d.b, b: d.a}]);
  const size = Math.min(36, Math.max(18, (width - 70) / codes.length));
  return Plot.plot({
    // Wider than a phone: keep the cells legible and let the card scroll sideways instead of shrinking.
    style: {maxWidth: "none"},
    width: codes.length * size + 70,
    height: codes.length * size + 70,
    marginLeft: 60,
    marginTop: 50,
    x: {domain: codes, axis: "top", label: null, tickRotate: -45},
    y: {domain: codes, label: null},
    color: {type: "linear", domain: [-1, 1], scheme: "rdbu", label: "相关系数 r", legend: true},
    marks: [
      Plot.cell(cells, {x: "a", y: "b", fill: (d) => d.r, inset: 0.5, title: (d) => `${names[d.a]} × ${names[d.b]}\nr = ${d.r ?? "—"}，n = ${d.n}`}),
      size >= 26 ? Plot.text(cells.filter((d) => d.r != null), {x: "a", y: "b", text: (d) => d.r.toFixed(2).replace(/^(-?)0/, "$1"), fontSize: 9, fill: (d) => (Math.abs(d.r) > 0.5 ? "white" : "black")}) : null
    ]
  });
}
