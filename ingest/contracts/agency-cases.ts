// Contracts of the case-level records courts and procuratorates send: the inputs most indicators are computed from.
import { boolean, count, date, decimal, defineSource, text } from "./define.ts";

export const courtCases = defineSource({
  name: "court_cases",
  title: "法院案件 court case records",
  category: "司法工作评估考核 evaluation and assessment (case-level records)",
  description:
    "One row per case and procedure, as the court's case management system exports it. A re-sent case (e.g. after it " +
    "closes) is a new version of the same case_no; staging keeps the latest.",
  key: ["case_no"],
  columns: {
    case_no: text(["案号"], "Case number.", { required: true, example: "(2024)浙0106民初1234号" }),
    agency_code: text(["承办法院代码", "法院代码"], "Court (or people's tribunal) handling the case.", {
      required: true,
      agency: true,
      example: "FY330106",
    }),
    case_type: text(["案件类型"], "民事, 刑事, 行政 or 执行.", { required: true, values: ["民事", "刑事", "行政", "执行"], example: "民事" }),
    procedure: text(["审级", "程序"], "一审, 二审, 再审 or 执行.", { required: true, values: ["一审", "二审", "再审", "执行"], example: "一审" }),
    cause: text(["案由"], "Cause of action or charge.", { example: "民间借贷纠纷" }),
    origin_case_no: text(["原审案号", "关联案号"], "The case this one derives from (appeal, retrial, enforcement).", { example: "" }),
    filed_on: date(["立案日期"], "Date filed.", { required: true, example: "2024-03-05" }),
    closed_on: date(["结案日期"], "Date closed; blank while pending.", { example: "2024-05-20" }),
    closing_method: text(["结案方式"], "判决, 调解, 撤诉, 驳回, 裁定, 执行完毕, 终结本次执行, 和解, 其他.", {
      values: ["判决", "调解", "撤诉", "驳回", "裁定", "执行完毕", "终结本次执行", "和解", "其他"],
      example: "判决",
    }),
    statutory_days: count(["审限天数"], "Statutory time limit in days for this procedure.", { example: "180" }),
    term_extended: boolean(["是否延长审限"], "Time limit extended with approval.", { example: "否" }),
    within_term: boolean(["是否审限内结案"], "Closed within the statutory (possibly extended) term.", { example: "是" }),
    appealed: boolean(["是否上诉"], "For a closed first-instance case: a party appealed.", { example: "否" }),
    appeal_outcome: text(["二审结果"], "What the appeal court did: 维持, 改判, 发回重审, 撤诉, 调解.", {
      values: ["维持", "改判", "发回重审", "撤诉", "调解"],
      example: "",
    }),
    retrial_outcome: text(["再审结果"], "For a closed case later retried: 维持, 改判, 发回重审.", {
      values: ["维持", "改判", "发回重审"],
      example: "",
    }),
    judgment_published: boolean(["文书是否上网"], "The judgment document was published online.", { example: "是" }),
    amount_due: decimal(["申请执行标的"], "Enforcement: amount applied for (yuan).", { min: 0, example: "120000" }),
    amount_recovered: decimal(["执行到位金额"], "Enforcement: amount recovered (yuan).", { min: 0, example: "80000" }),
    litigant_name: text(["当事人", "当事人姓名"], "Main party's name.", { personal: "name", example: "张三" }),
    litigant_id_number: text(["当事人身份证号"], "Main party's ID number.", { personal: "id_number", example: "330106199001011234" }),
  },
});

export const procuratorateCases = defineSource({
  name: "procuratorate_cases",
  title: "检察案件 procuratorate case records",
  category: "司法工作评估考核 evaluation and assessment (case-level records)",
  description:
    "One row per case in a business line of the procuratorate: arrest review, prosecution review, case-filing " +
    "supervision, investigation supervision, public-interest litigation, complaints and appeals.",
  key: ["case_no"],
  columns: {
    case_no: text(["受案号", "案号"], "Case acceptance number.", { required: true, example: "杭西检刑受[2024]1234号" }),
    agency_code: text(["承办检察院代码"], "Procuratorate.", { required: true, agency: true, example: "JC330106" }),
    business_line: text(["业务类别"], "审查逮捕, 审查起诉, 立案监督, 侦查活动监督, 公益诉讼 or 控告申诉.", {
      required: true,
      values: ["审查逮捕", "审查起诉", "立案监督", "侦查活动监督", "公益诉讼", "控告申诉"],
      example: "审查起诉",
    }),
    charge: text(["罪名", "案由"], "Charge or subject.", { example: "盗窃罪" }),
    origin_case_no: text(["关联案号"], "Earlier case of the same matter (e.g. the arrest review of a prosecution).", { example: "" }),
    received_on: date(["受理日期"], "Date received.", { required: true, example: "2024-03-05" }),
    closed_on: date(["办结日期"], "Date concluded; blank while pending.", { example: "2024-04-10" }),
    arrest_decision: text(["逮捕决定"], "Arrest review: 批准逮捕 or 不批准逮捕.", { values: ["批准逮捕", "不批准逮捕"], example: "" }),
    prosecution_decision: text(["起诉决定"], "Prosecution review: 提起公诉 or 不起诉.", { values: ["提起公诉", "不起诉"], example: "提起公诉" }),
    detained: boolean(["是否羁押"], "Suspect held in custody before trial.", { example: "是" }),
    plea_leniency: boolean(["是否认罪认罚"], "Plea-leniency procedure applied.", { example: "是" }),
    sentencing_recommendation: text(["量刑建议类型"], "确定刑 (fixed term) or 幅度刑 (range).", { values: ["确定刑", "幅度刑"], example: "确定刑" }),
    recommendation_adopted: boolean(["量刑建议是否采纳"], "The court adopted the sentencing recommendation.", { example: "是" }),
    returned_for_investigation: count(["退回补充侦查次数"], "Times returned to the police for supplementary investigation.", { example: "0" }),
    prosecution_withdrawn: boolean(["是否撤回起诉"], "Prosecution withdrawn.", { example: "否" }),
    verdict: text(["判决结果"], "Court verdict: 有罪 or 无罪.", { values: ["有罪", "无罪"], example: "有罪" }),
    replied_on: date(["程序回复日期"], "Complaints and appeals: date the procedural reply was sent.", { example: "" }),
    rectified: boolean(["是否整改"], "Supervision and public-interest lines: the target rectified before litigation.", { example: "" }),
    suspect_name: text(["犯罪嫌疑人", "当事人"], "Suspect's or complainant's name.", { personal: "name", example: "李四" }),
    suspect_id_number: text(["身份证号"], "Suspect's or complainant's ID number.", { personal: "id_number", example: "330106198805051234" }),
  },
});
