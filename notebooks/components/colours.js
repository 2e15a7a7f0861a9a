// The one green/yellow/red scale of the site, always shown with an icon and a word (never colour alone).
import {html} from "htl";

export const COLOURS = {
  green: {label: "正常", icon: "●", fill: "#1b7f3b", tint: "#e3f4e8"},
  yellow: {label: "异常", icon: "▲", fill: "#b8860b", tint: "#fbf1d3"},
  red: {label: "问题", icon: "■", fill: "#c62828", tint: "#fbe3e3"}
};

export const COLOUR_ORDER = ["green", "yellow", "red"];

/**
 * For Plot's `color` option: the same three colours everywhere. Channels carry the Chinese word
 * (colourWord), not "red"/"yellow" — Plot would take those as literal CSS colours and skip the scale.
 */
export const colourScale = {
  domain: COLOUR_ORDER.map((c) => COLOURS[c].label),
  range: COLOUR_ORDER.map((c) => COLOURS[c].fill),
  tickFormat: (label) => `${Object.values(COLOURS).find((c) => c.label === label)?.icon ?? ""} ${label}`,
  legend: true
};

export function colourWord(colour) {
  return COLOURS[colour]?.label;
}

export const JUDGMENTS = {
  normal: {label: "正常", colour: "green"},
  reminder: {label: "提醒", colour: "yellow"},
  warning: {label: "预警", colour: "red"}
};

/** A badge: icon and word on the colour's tint. */
export function colourBadge(colour, label = COLOURS[colour]?.label) {
  const c = COLOURS[colour];
  if (!c) return html`<span class="badge badge-none">— 无数据</span>`;
  return html`<span class="badge" style="background:${c.tint};color:${c.fill};border-color:${c.fill}">${c.icon} ${label}</span>`;
}

export function judgmentBadge(judgment) {
  const j = JUDGMENTS[judgment];
  return j ? colourBadge(j.colour, j.label) : colourBadge(null);
}

/** What the three rules said, from the loaders' compact form ("ryg": interval, funnel, trend; "-" = not applied). */
export function rulesText(r) {
  const names = ["合理区间", "同类比较", "变化趋势"];
  const byLetter = {g: "green", y: "yellow", r: "red"};
  return [...r]
    .map((letter, k) => (letter === "-" ? null : `${names[k]}${COLOURS[byLetter[letter]].icon}${COLOURS[byLetter[letter]].label}`))
    .filter(Boolean)
    .join("，");
}
