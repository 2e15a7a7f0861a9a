// A plain, readable HTML table for reference lists that a deputy reads rather than sorts (Inputs.table
// truncates long Chinese text and scrolls sideways).
import {html} from "htl";

/** columns: [{label, value: (row) => text or node, className?}] */
export function plainTable(rows, columns, {className = ""} = {}) {
  return html`<div class="plain-table-wrap"><table class=${`plain-table ${className}`}>
    <thead><tr>${columns.map((c) => html`<th class=${c.className ?? ""}>${c.label}</th>`)}</tr></thead>
    <tbody>${rows.map((row) => html`<tr>${columns.map((c) => html`<td class=${c.className ?? ""}>${c.value(row)}</td>`)}</tr>`)}</tbody>
  </table></div>`;
}
