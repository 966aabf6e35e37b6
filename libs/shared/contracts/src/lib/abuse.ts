/** What the report page offers and the API takes as a report's category, in the page's order. */
export const REPORT_CATEGORIES = [
  'spam',
  'fraud',
  'malware',
  'harmful_content',
  'leaked_key',
  'appeal',
  'other',
] as const;
export type ReportCategory = (typeof REPORT_CATEGORIES)[number];

/** Support's decisions on an abuse case, in the console's order. */
export const CASE_DECISIONS = ['dismiss', 'warn', 'suspend_key', 'suspend_account'] as const;
export type CaseDecision = (typeof CASE_DECISIONS)[number];
