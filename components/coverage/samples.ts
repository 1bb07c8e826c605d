/**
 * One-click samples for the coverage page (content, not interface text): a report and its summary in each language.
 * Each summary leaves out one part of its report and adds one sentence the report does not support, so the page
 * shows both a missed passage and an unsupported sentence. Short passages, so a short report still has several.
 */

export interface CoverageSample {
  id: "en" | "zh";
  document: string;
  summary: string;
  chunkTokens: number;
  overlapTokens: number;
}

const LIBRARY_REPORT = `Harbour City Library — Annual Report 2025

In 2025 the Harbour City Library welcomed 412,000 visitors across its three branches, an increase of 9 percent over the previous year. The central branch alone counted 240,000 visits, and the busiest months were January and October. Evening opening until 9 pm, introduced in March, brought in many students and working adults.

Digital lending grew faster than any other service. E-book loans rose by 31 percent to 185,000, and audiobook loans nearly doubled. The library added 6,400 new digital titles, most of them in English and Chinese, and replaced its old lending app with one that also works offline.

The hardest project of the year was the renovation of the central branch's roof. Heavy rain in May exposed leaks above the reading room, which was closed for eleven weeks while the roof was replaced. About 1,200 damaged books were dried, repaired or bought again, and the work finished in August, two weeks later than planned.

Programmes for children and families remained central to the library's work. Weekly story hours drew an average of 45 children, the summer reading challenge had 2,300 participants, and a new coding club for ages nine to twelve filled all its places within a day.

The budget for the year was 8.6 million dollars, 4 percent more than in 2024. Staff costs took 62 percent of it and new materials 18 percent. A grant from the city's culture fund paid for the new lending app and for the longer opening hours.

In 2026 the library plans to open on Sundays at every branch and to train its 80 volunteers to help visitors with digital services.`;

const LIBRARY_SUMMARY =
  "Visits rose by 9 percent to 412,000, helped by evening opening. Digital lending grew fastest, with e-book loans up 31 percent and a new lending app that works offline. Children's programmes stayed popular, and the new coding club filled within a day. The budget rose to 8.6 million dollars, most of it spent on staff. The library also opened a fourth branch in the harbour district in November.";

const QUARTER_REPORT = `青禾科技 2025 年第三季度运营报告

第三季度公司营业收入为 3.2 亿元，同比增长 18%。其中，企业软件订阅收入 2.1 亿元，约占总收入的三分之二；硬件销售收入下降 5%，主要原因是旧款设备停产。

本季度新增企业客户 420 家，客户总数超过 5,600 家。续约率保持在 92%，华南地区的新增客户数量首次超过华东地区。

研发投入 6,800 万元，占收入的 21%。研发团队完成了新一代数据平台的测试版，支持实时分析和中英文双语检索，计划在明年第一季度正式发布。

八月中旬，公司位于杭州的一处数据中心因暴雨停电约六个小时，部分客户的服务因此中断。事后公司为受影响的客户减免了一个月的服务费，并增加了备用电源和异地灾备。

截至九月底，公司员工总数为 1,350 人，其中研发人员占 45%。本季度员工流失率降至 6%，为近三年来最低。

第四季度，公司将继续开拓华南市场，并计划在成都设立新的客户服务中心。`;

const QUARTER_SUMMARY =
  "第三季度营业收入 3.2 亿元，同比增长 18%，订阅收入约占三分之二。本季度新增企业客户 420 家，续约率为 92%。研发投入占收入的 21%，新一代数据平台已完成测试版。员工流失率降至近三年最低。公司还在本季度完成了对一家德国软件公司的收购。";

export const COVERAGE_SAMPLES: readonly CoverageSample[] = [
  { id: "en", document: LIBRARY_REPORT, summary: LIBRARY_SUMMARY, chunkTokens: 96, overlapTokens: 24 },
  { id: "zh", document: QUARTER_REPORT, summary: QUARTER_SUMMARY, chunkTokens: 96, overlapTokens: 24 },
];
