// Numbers, intervals, periods and names as a deputy reads them, in Chinese.
export const AGENCY_TYPES = {court: "法院", procuratorate: "检察院", public_security: "公安", justice: "司法行政"};
export const AGENCY_TYPE_ORDER = ["court", "procuratorate", "public_security", "justice"];
export const LEVELS = {city: "市级", county: "县级"};
export const GRAINS = {month: "月", quarter: "季度", year: "年"};

const UNIT_SUFFIX = {days: "天", per_10k: "件/万人", per_1000: "‰", score: "分", ratio: "", count: "件"};

/** A value in its unit: rates as percentages, days, per-10,000 figures. */
export function formatValue(value, unit) {
  if (value == null || Number.isNaN(value)) return "—";
  if (unit === "rate") return `${(value * 100).toFixed(1)}%`;
  if (unit === "per_1000") return `${value.toFixed(2)}‰`;
  if (unit === "ratio") return value.toFixed(2);
  const digits = Math.abs(value) >= 100 ? 0 : 1;
  return `${value.toFixed(digits)}${UNIT_SUFFIX[unit] ?? ""}`;
}

/** The reference interval as text: "95.0%–99.5%", "≤ 65天", "≥ 80.0%". */
export function formatInterval(lower, upper, unit) {
  if (lower == null && upper == null) return "不设区间";
  if (lower == null) return `≤ ${formatValue(upper, unit)}`;
  if (upper == null) return `≥ ${formatValue(lower, unit)}`;
  return `${formatValue(lower, unit)}–${formatValue(upper, unit)}`;
}

export function unitLabel(unit) {
  return {rate: "比率（%）", ratio: "比值", days: "天数", per_10k: "每万人年化件数", per_1000: "千分比", score: "分值", count: "件数"}[unit] ?? unit;
}

export const DIRECTIONS = {higher_better: "越高越好", lower_better: "越低越好", two_sided: "过高过低都不好"};

/** "2026-11" in its grain: 2026年11月, 2026年第4季度, 2026年. */
export function formatPeriod(period, grain = "month") {
  const [year, month] = period.split("-").map(Number);
  if (grain === "year") return `${year}年`;
  if (grain === "quarter") return `${year}年第${Math.floor((month - 1) / 3) + 1}季度`;
  return `${year}年${month}月`;
}

export function formatDate(iso) {
  if (!iso) return "—";
  const d = new Date(iso);
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日 ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function formatCount(n) {
  return n == null ? "—" : n.toLocaleString("zh-CN");
}

export function formatChange(change) {
  if (change == null) return "—";
  const pct = (change * 100).toFixed(1);
  return change > 0 ? `增长${pct}%` : change < 0 ? `下降${(-change * 100).toFixed(1)}%` : "持平";
}
