// The report site deputies read: Observable Framework, built from notebooks/ into a static folder.
// `jiandu run` builds into a fresh folder per build (JIANDU_SITE_OUT) and publishes it atomically.
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";

interface AgencyRow {
  agency_code: string;
  agency_type: string;
  level: string;
}

// One health sheet per supervised agency and one micro-report per court and procuratorate: the
// supervised agencies are the city- and county-level ones of the reference catalog.
const agencies = (parse(readFileSync(new URL("./reference/agencies.csv", import.meta.url)), { columns: true, bom: true }) as AgencyRow[]).filter(
  (a) => a.level === "city" || a.level === "county",
);

export default {
  root: "notebooks",
  output: process.env.JIANDU_SITE_OUT ?? "dist",
  title: "人大司法监督",
  style: "style.css",
  // Framework links a web font from Google by default; the site must not leave the intranet.
  globalStylesheets: [],
  pages: [
    { name: "体检单", path: "/health/" },
    { name: "画像", path: "/portrait" },
    { name: "三色预警", path: "/warnings" },
    { name: "焦点问题", path: "/focus" },
    { name: "分析", path: "/analysis" },
    { name: "两院微报告", path: "/reports/" },
    { name: "监督协同", path: "/coordination" },
    { name: "数据", path: "/data" },
  ],
  home: "总览",
  dynamicPaths: [
    ...agencies.map((a) => `/health/${a.agency_code}`),
    ...agencies.filter((a) => a.agency_type === "court" || a.agency_type === "procuratorate").map((a) => `/reports/${a.agency_code}`),
  ],
  // Framework's own interface strings are English; these are the ones a deputy would see.
  pager: false,
  search: false,
  toc: { label: "本页目录" },
  footer: "市人大常委会监察和司法委员会 · 数据每晚更新 · 颜色总与文字、图标同时出现",
  // No favicon request to a server that has none; not for search engines; and the English strings
  // Framework writes into every page set right: <html> without a language, and the sidebar toggle's
  // tooltip, which its client script (re)writes as "Toggle sidebar <shortcut>" once it runs.
  head: `<link rel="icon" href="data:,"><meta name="robots" content="noindex">
<script>
document.documentElement.lang = "zh-CN";
addEventListener("DOMContentLoaded", () => {
  const chinese = (element) => {
    const english = /^Toggle sidebar\s*(.*)$/.exec(element.title);
    if (english) element.title = english[1] ? "展开或收起目录（" + english[1] + "）" : "展开或收起目录";
  };
  for (const element of document.querySelectorAll("#observablehq-sidebar-toggle, label[for='observablehq-sidebar-toggle']")) {
    chinese(element);
    new MutationObserver(() => chinese(element)).observe(element, {attributes: true, attributeFilter: ["title"]});
  }
});
</script>`,
};
