// The micro-report's prose: what a deputy reads before the annual work reports, written from the year's facts.
import {formatChange, formatCount, formatInterval, formatValue} from "./format.js";

const BAND_WORDS = {green: "在合理区间内", yellow: "偏离合理区间", red: "明显偏离合理区间（越过报警线）"};

export function reportParagraphs(report, year, units) {
  const kind = report.type === "court" ? {received: "受理案件", concluded: "审结案件"} : {received: "受理案件", concluded: "办结案件"};
  const partial = year.months < 12 ? `（${year.months}个月数据）` : "";
  const paragraphs = [];
  paragraphs.push(
    `${year.year}年${partial}，${report.name}${kind.received}${formatCount(year.received)}件，` +
      `${year.received_change == null ? "无上年可比" : `比上年${formatChange(year.received_change)}`}；` +
      `${kind.concluded}${formatCount(year.concluded)}件，${year.concluded_change == null ? "无上年可比" : `比上年${formatChange(year.concluded_change)}`}。` +
      (year.months < 12 && year.received_change != null ? `本年数据只有${year.months}个月，与上年全年相比的增减仅供参考。` : "")
  );
  const key = year.key ?? [];
  if (key.length) {
    paragraphs.push(
      "主要指标：" +
        key
          .map((k) => {
            const unit = units[k.indicator_code];
            const previous = k.previous_value == null ? "" : `（上年${formatValue(k.previous_value, unit)}）`;
            return `${k.indicator_name}${formatValue(k.value, unit)}${previous}，${BAND_WORDS[k.band] ?? ""}`;
          })
          .join("；") +
        "。"
    );
  }
  const out = year.out ?? [];
  paragraphs.push(
    out.length === 0
      ? "全年各项指标均在合理区间内。"
      : `有${out.length}项指标偏离合理区间：` +
          out.map((k) => `${k.indicator_name}${formatValue(k.value, units[k.indicator_code])}（合理区间${formatInterval(k.green_lower, k.green_upper, units[k.indicator_code])}）`).join("；") +
          "，建议审议工作报告时重点询问。"
  );
  const topics = year.topics ?? [];
  if (topics.length) paragraphs.push(`群众涉法涉诉信访反映较多的问题：${topics.map((t) => `${t.topic}（${t.petitions}件）`).join("、")}。`);
  if (year.score != null) paragraphs.push(`画像综合得分${year.score.toFixed(1)}分（满分100）。`);
  return paragraphs;
}
