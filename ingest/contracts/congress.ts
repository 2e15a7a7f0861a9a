// Contracts of the congress side and of supervision in motion: deputies' motions, reviews,
// procuratorial suggestions, supervision activities, deliberation opinions, agency feedback.
import { boolean, count, date, decimal, defineSource, integer, text } from "./define.ts";

export const deputyMotions = defineSource({
  name: "deputy_motions",
  title: "人大代表议案建议 deputies' motions and suggestions",
  category: "人大代表议案/建议 deputies' motions and suggestions",
  description: "Motions, suggestions and opinions deputies raise, assigned online to an agency and answered by a deadline.",
  key: ["motion_no"],
  columns: {
    motion_no: text(["编号"], "Number.", { required: true, example: "2024-建-0153" }),
    kind: text(["类型"], "议案 (motion), 建议 (suggestion) or 意见 (opinion assigned online).", {
      required: true,
      values: ["议案", "建议", "意见"],
      example: "建议",
    }),
    deputy_name: text(["领衔代表"], "Lead deputy.", { personal: "name", example: "王五" }),
    deputy_group: text(["代表团"], "Deputy group (by district).", { example: "西湖区代表团" }),
    submitted_on: date(["提出日期"], "Date raised.", { required: true, example: "2024-01-20" }),
    topic: text(["主题"], "Subject.", { required: true, example: "关于加强涉企执行工作的建议" }),
    assigned_agency_code: text(["主办单位代码"], "Agency assigned to answer.", { required: true, agency: true, example: "FY330100" }),
    status: text(["办理状态"], "已交办, 办理中, 已答复 or 已办结.", { required: true, values: ["已交办", "办理中", "已答复", "已办结"], example: "已答复" }),
    due_on: date(["答复期限"], "Reply deadline.", { example: "2024-04-20" }),
    replied_on: date(["答复日期"], "Date answered.", { example: "2024-04-02" }),
    satisfaction: text(["代表满意度"], "满意, 基本满意 or 不满意.", { values: ["满意", "基本满意", "不满意"], example: "满意" }),
  },
});

export const congressReviews = defineSource({
  name: "congress_reviews",
  title: "人大评议 congress reviews",
  category: "人大评议 congress reviews/appraisals",
  description: "Annual appraisal of an agency by the standing committee: satisfaction score and opinions raised.",
  key: ["review_year", "agency_code"],
  columns: {
    review_year: integer(["评议年度"], "Year reviewed.", { required: true, min: 2000, max: 2100, example: "2024" }),
    agency_code: text(["被评议单位代码"], "Agency reviewed.", { required: true, agency: true, example: "GA330100" }),
    satisfaction_score: decimal(["满意度得分"], "Satisfaction score, 0–100.", { required: true, min: 0, max: 100, example: "91.5" }),
    opinions_raised: count(["提出意见数"], "Opinions raised in the review.", { example: "12" }),
    opinions_resolved: count(["已整改意见数"], "Of those, rectified.", { example: "10" }),
    conclusion: text(["评议结论"], "Conclusion.", { example: "满意" }),
  },
});

export const procuratorialSuggestions = defineSource({
  name: "procuratorial_suggestions",
  title: "检察建议 procuratorial suggestions",
  category: "检察建议 procuratorial suggestions",
  description: "Suggestions a procuratorate issues to an organisation, whether adopted, and when rectified.",
  key: ["suggestion_no"],
  columns: {
    suggestion_no: text(["文号"], "Document number.", { required: true, example: "杭西检建〔2024〕12号" }),
    agency_code: text(["发出检察院代码"], "Issuing procuratorate.", { required: true, agency: true, example: "JC330106" }),
    issued_on: date(["发出日期"], "Date issued.", { required: true, example: "2024-03-05" }),
    suggestion_type: text(["建议类型"], "社会治理, 公益诉讼诉前, 诉讼监督 or 其他.", {
      values: ["社会治理", "公益诉讼诉前", "诉讼监督", "其他"],
      example: "公益诉讼诉前",
    }),
    target_org: text(["被建议单位"], "Organisation the suggestion goes to.", { required: true, example: "某街道办事处" }),
    target_agency_code: text(["被建议机关代码"], "When the target is a supervised agency.", { agency: true, example: "" }),
    topic: text(["主题"], "Subject.", { required: true, example: "河道污染整治" }),
    replied_on: date(["回复日期"], "Date the target replied.", { example: "2024-04-20" }),
    adopted: boolean(["是否采纳"], "The target adopted the suggestion.", { example: "是" }),
    rectify_by: date(["整改期限"], "Rectification deadline.", { example: "2024-05-05" }),
    rectified_on: date(["整改完成日期"], "Date rectified.", { example: "" }),
  },
});

const METHODS = ["听取审议专项工作报告", "执法检查", "调研", "视察", "询问", "专题询问", "质询", "特定问题调查"] as const;

export const supervisionActivities = defineSource({
  name: "supervision_activities",
  title: "监督活动 supervision activities",
  category: "supervision activities",
  description: "Hearings, inspections, research visits, inquiries and investigations the congress holds.",
  key: ["activity_id"],
  columns: {
    activity_id: text(["活动编号"], "Activity number.", { required: true, example: "HZ-2024-017" }),
    held_on: date(["日期"], "Date held (first day).", { required: true, example: "2024-06-18" }),
    body_code: text(["监督主体代码"], "Supervising body.", { required: true, example: "HZ-SC" }),
    method: text(["监督方式"], "One of the supervision-law methods.", { required: true, values: METHODS, example: "专题询问" }),
    topic: text(["主题"], "Subject.", { required: true, example: "执行难问题" }),
    agency_code: text(["被监督单位代码"], "Agency supervised.", { agency: true, example: "FY330100" }),
    participants: count(["参加人数"], "Deputies and members taking part.", { example: "35" }),
    summary: text(["情况摘要"], "What happened.", { example: "" }),
  },
});

export const deliberationOpinions = defineSource({
  name: "deliberation_opinions",
  title: "审议意见 deliberation opinions",
  category: "supervision activities (deliberation opinions)",
  description: "Opinions sent to an agency after a hearing, with a deadline to report back, tracked to closure.",
  key: ["opinion_no"],
  columns: {
    opinion_no: text(["编号"], "Number.", { required: true, example: "杭人常审〔2024〕5号" }),
    issued_on: date(["印发日期"], "Date sent.", { required: true, example: "2024-07-01" }),
    body_code: text(["监督主体代码"], "Body that deliberated.", { required: true, example: "HZ-SC" }),
    agency_code: text(["承办单位代码"], "Agency that must act.", { required: true, agency: true, example: "FY330100" }),
    topic: text(["主题"], "Subject.", { required: true, example: "关于全市法院执行工作情况报告的审议意见" }),
    deadline: date(["办理期限"], "Date the agency must report back by.", { required: true, example: "2024-10-01" }),
    status: text(["办理状态"], "办理中, 已报告 or 已办结.", { required: true, values: ["办理中", "已报告", "已办结"], example: "已报告" }),
    reported_on: date(["报告日期"], "Date the agency reported back.", { example: "2024-09-20" }),
    closed_on: date(["办结日期"], "Date the body closed the matter.", { example: "" }),
  },
});

export const agencyFeedback = defineSource({
  name: "agency_feedback",
  title: "机关反馈 agency feedback on warnings",
  category: "公检法司协同 agency coordination (feedback)",
  description: "An agency's explanation and measures in answer to a yellow or red warning.",
  key: ["feedback_id"],
  columns: {
    feedback_id: text(["反馈编号"], "Feedback number.", { required: true, example: "FB-2024-0031" }),
    warning_id: text(["预警编号"], "The warning answered (its stable id on the site).", { required: true, example: "W-FY330106-CT02-2024-03" }),
    agency_code: text(["反馈单位代码"], "Agency answering.", { required: true, agency: true, example: "FY330106" }),
    submitted_on: date(["提交日期"], "Date submitted.", { required: true, example: "2024-04-12" }),
    explanation: text(["情况说明"], "Why the indicator is where it is.", { required: true, example: "受集中清理长期未结案件影响" }),
    measures: text(["整改措施"], "What the agency does about it.", { example: "" }),
    expected_fix_by: date(["预计整改完成日期"], "When the agency expects to be back in the interval.", { example: "2024-06-30" }),
  },
});

