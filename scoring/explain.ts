// A warning in words a deputy understands: value, interval, peers and trend, in Chinese.
import type { ColourRow } from "./score.ts";

/** A value in its unit: rates as percentages, days in days, per-10k as 每万人. */
export function formatValue(value: number, unit: string): string {
  switch (unit) {
    case "rate":
      return `${(value * 100).toFixed(1)}%`;
    case "days":
      return `${value.toFixed(1)}天`;
    case "per_10k":
      return `每万人${value.toFixed(2)}`;
    case "per_1000":
      return `每千件${value.toFixed(2)}`;
    case "score":
      return `${value.toFixed(1)}分`;
    default:
      return value.toFixed(2);
  }
}

export function warningExplanation(c: ColourRow): string {
  const { row } = c;
  const unit = row.unit;
  const parts = [`${row.agency_name}${row.period_start.slice(0, 4)}年${Number(row.period_start.slice(5, 7))}月${row.indicator_name}${formatValue(row.value!, unit)}`];
  if (c.interval.side === "below" && row.green_lower !== null) parts.push(`低于合理区间下限${formatValue(row.green_lower, unit)}`);
  if (c.interval.side === "above" && row.green_upper !== null) parts.push(`高于合理区间上限${formatValue(row.green_upper, unit)}`);
  if (c.funnel && c.funnel.colour !== "green") {
    const limit = c.funnel.side === "below" ? c.funnel.alert.lower : c.funnel.alert.upper;
    const word = c.funnel.side === "below" ? "低于" : "高于";
    parts.push(`${word}同级同类机关${c.funnel.colour === "red" ? "报警" : "预警"}线${formatValue(limit, unit)}（同类合计${formatValue(c.funnel.target, unit)}）`);
  }
  if (c.trend.colour !== "green") {
    const direction = row.direction === "lower_better" ? "上升" : row.direction === "higher_better" ? "下降" : "偏离";
    if (c.trend.worseningPeriods >= 3) parts.push(`且连续${c.trend.worseningPeriods}个${row.grain === "month" ? "月" : "期"}${direction}`);
    else parts.push(`且近12个月呈显著${direction}趋势`);
  }
  return `${parts.join("，")}。`;
}
