/**
 * Every interface string of the site, in English and Simplified Chinese. Content (legal texts, docs)
 * is translated in its own files; this is only the frame around it. A key missing from one language is
 * a type error, so the two stay in step.
 */
import type { LegalDocumentId } from '@vipcloud/contracts';

const en = {
  'site.name': 'VIPCloud',
  'site.tagline': 'A privacy-first, OpenAI-compatible LLM API gateway',
  'skip.toMain': 'Skip to main content',
  'nav.label': 'Main',
  'nav.docs': 'Docs',
  'nav.legal': 'Legal',
  'nav.portal': 'Portal',
  'lang.switchLabel': 'Language',
  'lang.other': '中文',
  'lang.otherName': 'Read this page in Simplified Chinese',
  'footer.legal': 'Legal',
  'footer.contact': 'Contact',
  'footer.contact.support': 'Support',
  'footer.contact.privacy': 'Privacy and data requests',
  'footer.contact.security': 'Security reports',
  'footer.report': 'Report abuse or appeal a decision',
  'home.title': 'VIPCloud — one API for many models',
  'home.lead':
    'VIPCloud is an LLM API gateway: one OpenAI-compatible endpoint and one prepaid balance for models from several providers. Your prompts pass through; by default we do not store them.',
  'home.start': 'Start here',
  'home.docs': 'Read the docs',
  'home.docs.text': 'Quick start, authentication, streaming, errors, models and prices.',
  'home.quickstart': 'Make a first request',
  'home.quickstart.text': 'Base URL, API key, and a first call with curl or the OpenAI SDKs.',
  'home.legal': 'Privacy and terms',
  'home.legal.text': 'What we keep, for how long, and the rules of the service — every version, with what changed.',
  'home.portal': 'Sign in to the portal',
  'home.portal.text': 'Create API keys, buy credits, and see your usage. Sign in with GitHub or Google.',
  'home.principles': 'How we work',
  'home.principle.prompts':
    'Prompt and completion text streams through and is not stored by default (the privacy policy says when it is).',
  'home.principle.tracking': 'No trackers, no analytics, no third-party scripts on any page.',
  'home.principle.prepaid': 'Prepaid credits: you never pay more than you put in.',
  'docs.title': 'Documentation',
  'docs.lead': 'How to call the VIPCloud API.',
  'docs.fallback': 'This page has not been translated into Chinese yet; the English text follows.',
  'docs.index': 'All docs',
  'docs.errors.captionRest': 'Error codes of the REST API (/v1, and the sign-in and payment notification routes)',
  'docs.errors.captionGraphql': 'Error codes of the GraphQL API (extensions.reason)',
  'docs.errors.status': 'Status',
  'docs.errors.statusGraphql': 'Status and extensions.code',
  'docs.errors.codeType': 'Code and type',
  'docs.errors.code': 'Code',
  'docs.errors.meaning': 'Meaning',
  'docs.errors.action': 'What to do',
  'docs.errors.retryAfter': 'with Retry-After',
  'docs.models.caption': 'Models and prices, USD per 1M tokens',
  'docs.models.model': 'Model',
  'docs.models.input': 'Input',
  'docs.models.cachedInput': 'Cached input',
  'docs.models.output': 'Output',
  'docs.models.contextWindow': 'Context window',
  'docs.models.maxOutput': 'Max output',
  'docs.models.built': 'Prices as published with this site (model catalog of {version}).',
  'docs.models.live': 'Prices as this server charges them now.',
  'docs.models.unavailable': 'not offered on this server',
  'legal.title': 'Legal',
  'legal.lead': 'Our policies, every version of them, and what changed between versions.',
  'legal.doc.privacy': 'Privacy Policy',
  'legal.doc.terms': 'Terms of Service',
  'legal.current': 'Current version',
  'legal.versions': 'All versions',
  'legal.versionsOf': 'Versions of the {doc}',
  'legal.version': 'Version',
  'legal.effective': 'Effective',
  'legal.summary': 'What changed',
  'legal.material': 'Material change',
  'legal.materialNote': 'material: users are told by email',
  'legal.notMaterial': 'Not material',
  'legal.isCurrent': 'current',
  'legal.upcoming': 'not yet in effect',
  'legal.archived': 'This is an earlier version. The current version is at {link}.',
  'legal.upcomingNote': 'This version takes effect on {date}. Until then {link} applies.',
  'legal.thisCurrent': 'the current version',
  'legal.meta': 'Version {version}, effective {effective}.',
  'legal.changes': 'What changed in this version',
  'legal.changesLink': 'What changed since {version}',
  'legal.changesTitle': '{doc}: what changed on {version}',
  'legal.changesLead': 'Differences between version {from} and version {to}, word by word.',
  'legal.changesLegend':
    'Added text is underlined and marked [+ … +]; removed text is struck through and marked [− … −]. Unchanged paragraphs are shown plain.',
  'legal.changesCount': '{ins} insertion(s), {del} deletion(s).',
  'legal.added': 'Added:',
  'legal.removed': 'Removed:',
  'legal.addedEnd': 'end of addition',
  'legal.removedEnd': 'end of removal',
  'legal.readVersion': 'Read version {version}',
  'legal.translationNotice': 'This translation is for reference only; where it differs, the {link} is authoritative.',
  'legal.untranslatedNotice': 'This version has no translation; the authoritative English text follows.',
  'legal.englishText': 'English text',
  'legal.diffEnglish': 'The changes are shown in the authoritative English text.',
  'notFound.title': 'Page not found',
  'notFound.lead': 'There is no page at this address. It may have moved, or the link may be mistyped.',
  'notFound.home': 'Go to the home page',
  'notFound.docs': 'Browse the docs',
} as const;

export type UiKey = keyof typeof en;
type Strings = Record<UiKey, string>;

const zhCn: Strings = {
  'site.name': 'VIPCloud',
  'site.tagline': '注重隐私、兼容 OpenAI 的大模型 API 网关',
  'skip.toMain': '跳到主要内容',
  'nav.label': '主导航',
  'nav.docs': '文档',
  'nav.legal': '法律条款',
  'nav.portal': '控制台',
  'lang.switchLabel': '语言',
  'lang.other': 'English',
  'lang.otherName': 'Read this page in English',
  'footer.legal': '法律条款',
  'footer.contact': '联系我们',
  'footer.contact.support': '客户支持',
  'footer.contact.privacy': '隐私与数据请求',
  'footer.contact.security': '安全问题报告',
  'footer.report': '举报滥用或对处理决定提出申诉',
  'home.title': 'VIPCloud — 一个 API，调用多种模型',
  'home.lead':
    'VIPCloud 是一个大模型 API 网关：一个兼容 OpenAI 的接口、一份预付余额，即可调用多家供应商的模型。您的提示词经由我们转发，默认不会被保存。',
  'home.start': '从这里开始',
  'home.docs': '阅读文档',
  'home.docs.text': '快速入门、身份验证、流式输出、错误、模型与价格。',
  'home.quickstart': '发出第一个请求',
  'home.quickstart.text': '接口地址、API 密钥，以及用 curl 或 OpenAI SDK 发出的第一次调用。',
  'home.legal': '隐私与条款',
  'home.legal.text': '我们保存什么、保存多久，以及服务规则——每个版本都在，并列出改动。',
  'home.portal': '登录控制台',
  'home.portal.text': '创建 API 密钥、购买额度、查看用量。可使用 GitHub 或 Google 登录。',
  'home.principles': '我们的做法',
  'home.principle.prompts': '提示词和生成内容以流式转发，默认不做存储（例外情况见隐私政策）。',
  'home.principle.tracking': '任何页面都没有跟踪器、统计分析或第三方脚本。',
  'home.principle.prepaid': '预付额度：花费绝不会超过您充值的金额。',
  'docs.title': '文档',
  'docs.lead': '如何调用 VIPCloud API。',
  'docs.fallback': '本页尚未翻译成中文，以下为英文原文。',
  'docs.index': '全部文档',
  'docs.errors.captionRest': 'REST API 的错误码（/v1，以及登录和支付通知路由）',
  'docs.errors.captionGraphql': 'GraphQL API 的错误码（extensions.reason）',
  'docs.errors.status': '状态码',
  'docs.errors.statusGraphql': '状态码与 extensions.code',
  'docs.errors.codeType': '错误码与类型',
  'docs.errors.code': '错误码',
  'docs.errors.meaning': '含义',
  'docs.errors.action': '应对方法',
  'docs.errors.retryAfter': '带 Retry-After',
  'docs.models.caption': '模型与价格（美元 / 百万 token）',
  'docs.models.model': '模型',
  'docs.models.input': '输入',
  'docs.models.cachedInput': '缓存输入',
  'docs.models.output': '输出',
  'docs.models.contextWindow': '上下文窗口',
  'docs.models.maxOutput': '最大输出',
  'docs.models.built': '随本站发布的价格（{version} 版模型目录）。',
  'docs.models.live': '本服务器当前实际收取的价格。',
  'docs.models.unavailable': '本服务器暂未提供',
  'legal.title': '法律条款',
  'legal.lead': '我们的政策、每一个版本，以及版本之间的改动。',
  'legal.doc.privacy': '隐私政策',
  'legal.doc.terms': '服务条款',
  'legal.current': '现行版本',
  'legal.versions': '全部版本',
  'legal.versionsOf': '{doc}的全部版本',
  'legal.version': '版本',
  'legal.effective': '生效日期',
  'legal.summary': '改动内容',
  'legal.material': '重大变更',
  'legal.materialNote': '重大变更：会通过电子邮件通知用户',
  'legal.notMaterial': '非重大变更',
  'legal.isCurrent': '现行',
  'legal.upcoming': '尚未生效',
  'legal.archived': '这是较早的版本。现行版本见{link}。',
  'legal.upcomingNote': '本版本于 {date} 生效。在此之前适用{link}。',
  'legal.thisCurrent': '现行版本',
  'legal.meta': '版本 {version}，自 {effective} 起生效。',
  'legal.changes': '本版本的改动',
  'legal.changesLink': '与 {version} 版相比的改动',
  'legal.changesTitle': '{doc}：{version} 版的改动',
  'legal.changesLead': '版本 {from} 与版本 {to} 之间的逐词差异。',
  'legal.changesLegend': '新增文字带下划线并标为 [+ … +]；删除文字带删除线并标为 [− … −]。未改动的段落按原样显示。',
  'legal.changesCount': '新增 {ins} 处，删除 {del} 处。',
  'legal.added': '新增：',
  'legal.removed': '删除：',
  'legal.addedEnd': '新增结束',
  'legal.removedEnd': '删除结束',
  'legal.readVersion': '阅读 {version} 版',
  'legal.translationNotice': '本中文译文仅供参考；如与英文原文有任何不一致，以{link}为准。',
  'legal.untranslatedNotice': '本版本暂无中文译文，以下为具有约束力的英文原文。',
  'legal.englishText': '英文原文',
  'legal.diffEnglish': '改动以具有约束力的英文原文列出。',
  'notFound.title': '页面不存在',
  'notFound.lead': '此地址没有页面。页面可能已经移动，或者链接有误。',
  'notFound.home': '返回首页',
  'notFound.docs': '浏览文档',
};

export const SITE_LOCALES = ['en', 'zh-cn'] as const;
export type SiteLocale = (typeof SITE_LOCALES)[number];

const strings: Record<SiteLocale, Strings> = { en, 'zh-cn': zhCn };

/** The string for `key`, with `{name}` placeholders filled from `params`. */
export function t(locale: SiteLocale, key: UiKey, params: Record<string, string | number> = {}): string {
  return strings[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** A string with one placeholder standing for a link: the text before it and after it. */
export function split(locale: SiteLocale, key: UiKey, placeholder: string, params: Record<string, string> = {}) {
  const [before, after = ''] = t(locale, key, params).split(`{${placeholder}}`);
  return { before, after };
}

export function documentName(locale: SiteLocale, document: LegalDocumentId): string {
  return t(locale, document === 'privacy' ? 'legal.doc.privacy' : 'legal.doc.terms');
}

/** The `lang` attribute (BCP 47) and the vc_lang cookie value of a locale. */
export function htmlLang(locale: SiteLocale): 'en' | 'zh-CN' {
  return locale === 'en' ? 'en' : 'zh-CN';
}

export function otherLocale(locale: SiteLocale): SiteLocale {
  return locale === 'en' ? 'zh-cn' : 'en';
}

/**
 * The address of a page in a locale. `path` is the English address ('/', '/legal/privacy'); Chinese
 * pages live under /zh-cn, and no address ends with a slash (the Chinese home is /zh-cn).
 */
export function localePath(locale: SiteLocale, path: string): string {
  if (locale === 'en') return path;
  return path === '/' ? '/zh-cn' : `/zh-cn${path}`;
}

/** getStaticPaths entries for a page that exists in every locale: `[...lang]` is empty for English. */
export function localeParams(): { params: { lang: string | undefined }; props: { locale: SiteLocale } }[] {
  return SITE_LOCALES.map((locale) => ({
    params: { lang: locale === 'en' ? undefined : locale },
    props: { locale },
  }));
}

/** Dates are shown as written in the content (YYYY-MM-DD): unambiguous in both languages. */
export const showDay = (day: string): string => day;
