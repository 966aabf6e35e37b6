/** Interface strings of the docs' generated parts (tables, notes), in both languages. */
export type DocsLocale = 'en' | 'zh-cn';

const STRINGS = {
  en: {
    errors: {
      captionRest: 'Error codes of the /v1 API',
      captionGraphql: 'Error codes of the GraphQL API (extensions.reason)',
      status: 'Status',
      type: 'Type',
      code: 'Code',
      meaning: 'Meaning',
      action: 'What to do',
      retryAfter: 'with Retry-After',
    },
    models: {
      caption: 'Models and prices, USD per 1M tokens',
      model: 'Model',
      provider: 'Provider',
      input: 'Input',
      cachedInput: 'Cached input',
      output: 'Output',
      contextWindow: 'Context window',
      maxOutput: 'Max output',
      tokens: 'tokens',
      built: 'Prices as published with this site (catalog of {version}).',
      live: 'Prices as this server charges them now.',
      unavailable: 'not offered on this server',
    },
  },
  'zh-cn': {
    errors: {
      captionRest: '/v1 API 的错误码',
      captionGraphql: 'GraphQL API 的错误码（extensions.reason）',
      status: '状态码',
      type: '类型',
      code: '错误码',
      meaning: '含义',
      action: '应对方法',
      retryAfter: '带 Retry-After',
    },
    models: {
      caption: '模型与价格（美元 / 百万 token）',
      model: '模型',
      provider: '提供商',
      input: '输入',
      cachedInput: '缓存输入',
      output: '输出',
      contextWindow: '上下文窗口',
      maxOutput: '最大输出',
      tokens: 'token',
      built: '随本站发布时的价格（{version} 版模型目录）。',
      live: '本服务器当前实际收取的价格。',
      unavailable: '本服务器暂未提供',
    },
  },
} as const;

export function docsStrings(locale: DocsLocale) {
  return STRINGS[locale];
}

/** Integer micro-USD per 1M tokens as dollars: at least 2 decimals, up to 6, never a float. */
export function usdPerMillion(micros: number): string {
  let fraction = String(micros % 1_000_000).padStart(6, '0');
  while (fraction.length > 2 && fraction.endsWith('0')) fraction = fraction.slice(0, -1);
  return `$${Math.floor(micros / 1_000_000)}.${fraction}`;
}
