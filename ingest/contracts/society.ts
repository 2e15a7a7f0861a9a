// Contracts of the social and third-party sources: law-related petitions, transparency evaluations, internet discussion.
import { boolean, count, date, decimal, defineSource, integer, text } from "./define.ts";

export const petitions = defineSource({
  name: "petitions",
  title: "涉法涉诉信访 law-related petitions",
  category: "涉法涉诉信访 law-related petitions",
  description:
    "Petitions about courts, procuratorates, police and justice bureaus. Carries petitioners' names, ID numbers, phones " +
    "and free-text requests: these stay in raw and staging and never reach marts, scoring or the site.",
  key: ["petition_no"],
  columns: {
    petition_no: text(["信访件编号"], "Petition number.", { required: true, example: "XF2024030500123" }),
    received_on: date(["登记日期"], "Date registered.", { required: true, example: "2024-03-05" }),
    region_code: text(["属地区划代码"], "County-level unit or township where the matter arose.", { required: true, region: true, example: "330106" }),
    target_agency_code: text(["涉及单位代码"], "Agency the petition is about.", { agency: true, example: "FY330106" }),
    issue_type: text(["问题类别"], "What it is about (执行难, 审判不公, 久押不决, 不立案, 执法不规范, 民警作风, 调解纠纷, 法律援助, 其他).", {
      required: true,
      example: "执行难",
    }),
    channel: text(["信访形式"], "来信, 来访 or 网上.", { values: ["来信", "来访", "网上"], example: "网上" }),
    is_repeat: boolean(["是否重复信访"], "Same person, same matter, again.", { example: "否" }),
    is_resolved: boolean(["是否化解"], "Resolved.", { example: "是" }),
    resolved_on: date(["化解日期"], "Date resolved.", { example: "2024-04-01" }),
    petitioner_name: text(["信访人姓名"], "Petitioner's name.", { personal: "name", example: "赵六" }),
    id_number: text(["身份证号码"], "Petitioner's ID number.", { personal: "id_number", example: "330106197703031234" }),
    phone: text(["联系电话"], "Petitioner's phone.", { personal: "phone", example: "13812345678" }),
    request: text(["诉求内容"], "The request in the petitioner's words.", { personal: "free_text", example: "" }),
  },
});

export const transparencyScores = defineSource({
  name: "transparency_scores",
  title: "司法透明度评估 judicial transparency evaluation",
  category: "司法透明度评估报告 judicial transparency evaluations",
  description: "A third party's annual transparency index per agency and dimension (e.g. an academy's index).",
  key: ["agency_code", "year", "dimension"],
  columns: {
    agency_code: text(["单位代码"], "Agency evaluated.", { required: true, agency: true, example: "FY330106" }),
    year: integer(["评估年度"], "Year evaluated.", { required: true, min: 2000, max: 2100, example: "2024" }),
    dimension: text(["评估维度"], "审务公开, 审判流程公开, 裁判文书公开, 执行信息公开, 检务公开, 警务公开, 政务公开, 总分.", {
      required: true,
      example: "裁判文书公开",
    }),
    score: decimal(["得分"], "Score, 0–100.", { required: true, min: 0, max: 100, example: "78.5" }),
    evaluator: text(["评估机构"], "Who evaluated.", { example: "第三方评估机构" }),
  },
});

export const internetDiscussions = defineSource({
  name: "internet_discussions",
  title: "互联网司法热议 internet discussion of judicial matters",
  category: "互联网司法热议 internet discussion",
  description: "Posts and threads about judicial matters picked up by a monitoring service, with heat and sentiment.",
  key: ["post_id"],
  columns: {
    post_id: text(["信息编号"], "Item id in the monitoring service.", { required: true, example: "WB-20240305-88812" }),
    posted_on: date(["发布日期"], "Date posted.", { required: true, example: "2024-03-05" }),
    platform: text(["平台"], "微博, 微信, 抖音, 今日头条, 论坛, 新闻网站 or 其他.", { example: "微博" }),
    topic: text(["话题"], "Topic, in the same words as petitions' issue types where it matches.", { required: true, example: "执行难" }),
    agency_code: text(["涉及单位代码"], "Agency discussed, when identified.", { agency: true, example: "" }),
    region_code: text(["属地区划代码"], "Where the matter arose, when known.", { region: true, example: "330106" }),
    heat: count(["热度"], "Heat index of the monitoring service (reads, reposts, comments).", { required: true, example: "15230" }),
    sentiment: text(["情感倾向"], "正面, 中性 or 负面.", { values: ["正面", "中性", "负面"], example: "负面" }),
    reposts: count(["转发数"], "Reposts.", { example: "420" }),
  },
});
