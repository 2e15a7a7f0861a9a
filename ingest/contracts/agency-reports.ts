// Contracts of what agencies report in aggregate: monthly statistics, self-assessment scores, work news.
import { count, date, decimal, defineSource, month, text } from "./define.ts";

export const policeMonthlyReports = defineSource({
  name: "police_monthly_reports",
  title: "公安统计月报 public-security monthly statistical reports",
  category: "司法工作评估考核 evaluation and assessment (monthly statistical reports)",
  description: "One row per public-security bureau (or police station) and month: the counts its indicators are computed from.",
  key: ["agency_code", "month"],
  columns: {
    agency_code: text(["单位代码"], "Public-security bureau or police station.", { required: true, agency: true, example: "GA330106" }),
    month: month(["统计月份"], "Reporting month.", { required: true, example: "2024-03" }),
    criminal_cases_filed: count(["刑事立案数"], "Criminal cases filed.", { example: "412" }),
    criminal_cases_solved: count(["刑事破案数"], "Criminal cases solved.", { example: "198" }),
    serious_violent_filed: count(["八类严重暴力案件立案数"], "The eight kinds of serious violent crime: filed.", { example: "6" }),
    serious_violent_solved: count(["八类严重暴力案件破案数"], "The eight kinds of serious violent crime: solved.", { example: "6" }),
    telecom_fraud_cases: count(["电信网络诈骗发案数"], "Telecom and online fraud cases.", { example: "95" }),
    enforcement_reviews: count(["执法质量考评案件数"], "Cases reviewed in the law-enforcement quality assessment.", { example: "120" }),
    enforcement_reviews_passed: count(["考评合格数"], "Of those, passed.", { example: "117" }),
    reconsiderations: count(["行政复议案件数"], "Administrative reconsiderations decided.", { example: "8" }),
    reconsiderations_corrected: count(["复议纠错数"], "Of those, corrected (revoked, changed, confirmed unlawful).", { example: "1" }),
    admin_lawsuits: count(["行政诉讼案件数"], "Administrative lawsuits concluded against the bureau.", { example: "4" }),
    admin_lawsuits_lost: count(["行政诉讼败诉数"], "Of those, lost.", { example: "0" }),
    cases_transferred: count(["移送审查起诉案件数"], "Cases transferred to the procuratorate for prosecution.", { example: "150" }),
    cases_returned: count(["退回补充侦查案件数"], "Cases returned for supplementary investigation.", { example: "12" }),
    calls_110: count(["110接警数"], "Emergency calls received.", { example: "9800" }),
    calls_110_timely: count(["110及时处警数"], "Of those, handled in time.", { example: "9750" }),
    complaints: count(["涉警投诉数"], "Complaints about police conduct.", { example: "14" }),
    survey_respondents: count(["安全感调查样本数"], "Public-safety survey respondents (quarterly; blank other months).", { example: "" }),
    survey_satisfied: count(["安全感满意数"], "Respondents satisfied with public safety.", { example: "" }),
  },
});

export const justiceMonthlyReports = defineSource({
  name: "justice_monthly_reports",
  title: "司法行政统计月报 justice-bureau monthly statistical reports",
  category: "司法工作评估考核 evaluation and assessment (monthly statistical reports)",
  description: "One row per justice bureau (or justice office) and month.",
  key: ["agency_code", "month"],
  columns: {
    agency_code: text(["单位代码"], "Justice bureau or township justice office.", { required: true, agency: true, example: "SF330106" }),
    month: month(["统计月份"], "Reporting month.", { required: true, example: "2024-03" }),
    mediations: count(["人民调解案件数"], "People's mediation cases concluded.", { example: "640" }),
    mediations_succeeded: count(["调解成功数"], "Of those, mediated successfully.", { example: "610" }),
    legal_aid_cases: count(["法律援助案件数"], "Legal-aid cases concluded.", { example: "85" }),
    legal_aid_surveyed: count(["法律援助回访数"], "Legal-aid recipients surveyed.", { example: "60" }),
    legal_aid_satisfied: count(["回访满意数"], "Of those, satisfied.", { example: "57" }),
    corrections_population: count(["社区矫正在册人数"], "People under community correction.", { example: "420" }),
    corrections_reoffended: count(["社区矫正再犯罪人数"], "Of those, reoffended in the month.", { example: "0" }),
    corrections_absconded: count(["脱管漏管人数"], "Of those, out of supervision (脱管/漏管).", { example: "0" }),
    released_prisoners: count(["刑满释放人员数"], "Released prisoners due for assistance.", { example: "30" }),
    released_prisoners_assisted: count(["帮教人数"], "Of those, assisted and placed.", { example: "29" }),
    reconsiderations: count(["行政复议案件数"], "Administrative reconsiderations decided by the bureau's office.", { example: "20" }),
    reconsiderations_corrected: count(["复议纠错数"], "Of those, corrected.", { example: "3" }),
    service_complaints: count(["律师公证投诉数"], "Complaints about lawyers and notaries.", { example: "6" }),
    service_complaints_closed: count(["投诉办结数"], "Of those, concluded.", { example: "6" }),
  },
});

export const evaluationScores = defineSource({
  name: "evaluation_scores",
  title: "司法工作评估考核 assessment results",
  category: "司法工作评估考核 evaluation and assessment",
  description:
    "Indicator values the agencies' own assessment systems report, per agency, indicator and month. Kept for comparison " +
    "with the values jiandu computes from the case records; never used in place of them.",
  key: ["agency_code", "period", "indicator_code"],
  columns: {
    agency_code: text(["单位代码"], "Agency assessed.", { required: true, agency: true, example: "FY330106" }),
    period: month(["考核期间"], "Month assessed.", { required: true, example: "2024-03" }),
    indicator_code: text(["指标代码"], "Indicator code of the catalog.", { required: true, example: "CT02" }),
    value: decimal(["指标值"], "Reported value.", { required: true, example: "0.962" }),
    numerator: decimal(["分子"], "Reported numerator.", { min: 0, example: "481" }),
    denominator: decimal(["分母"], "Reported denominator.", { min: 0, example: "500" }),
  },
});

export const workDynamics = defineSource({
  name: "work_dynamics",
  title: "司法系统工作动态 work dynamics",
  category: "司法系统工作动态 work dynamics",
  description: "Dated news and updates published by each agency.",
  key: ["agency_code", "published_on", "title"],
  columns: {
    agency_code: text(["单位代码"], "Publishing agency.", { required: true, agency: true, example: "JC330100" }),
    published_on: date(["发布日期"], "Date published.", { required: true, example: "2024-03-05" }),
    title: text(["标题"], "Headline.", { required: true, example: "西湖区检察院开展公益诉讼专项监督" }),
    category: text(["类别"], "Kind of update (工作部署, 专项行动, 典型案例, 队伍建设, 其他).", { example: "专项行动" }),
    body: text(["正文"], "Text.", { example: "" }),
  },
});

