/** The Terms acceptance page's strings. */
import { defineStrings } from '../lib/portal-locale';

export const termsText = defineStrings(
  {
    title: 'Terms of Service',
    nothing: 'There is nothing to accept: you have accepted the current Terms of Service.',
    toOverview: 'Go to the overview',
    intro:
      'The Terms of Service have changed. Please read what changed and accept the new Terms to keep using the portal.',
    heading: 'Version {version}',
    effective: 'In effect since',
    summary: 'What changed, in short',
    summaryEnglish: '(The summary is in English only.)',
    changes: 'See what changed',
    full: 'Read the full Terms of Service',
    keysWork: 'Your API keys keep working in the meantime: only the portal waits for your answer.',
    accept: 'Accept the Terms of Service (version {version})',
    accepting: 'Saving your acceptance…',
    accepted: 'Thank you. Taking you back…',
  },
  {
    title: '服务条款',
    nothing: '没有需要接受的内容：您已接受现行服务条款。',
    toOverview: '前往概览',
    intro: '服务条款已更新。请阅读变更内容并接受新条款，以继续使用控制台。',
    heading: '{version} 版',
    effective: '生效日期',
    summary: '变更摘要',
    summaryEnglish: '（摘要仅有英文版。）',
    changes: '查看变更内容',
    full: '阅读服务条款全文',
    keysWork: '在此期间，您的 API 密钥照常可用：只有控制台需要等您确认。',
    accept: '接受服务条款（{version} 版）',
    accepting: '正在保存…',
    accepted: '谢谢。正在返回…',
  },
);
