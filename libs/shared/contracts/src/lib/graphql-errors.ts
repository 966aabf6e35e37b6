/**
 * The `extensions.code` values the GraphQL API sends (anything else is reported as
 * INTERNAL_SERVER_ERROR), each with a sentence for the portal in both languages. When an error also
 * carries `extensions.reason`, the portal shows that code's sentence from API_ERRORS instead; these
 * are for the rest (Apollo's own refusals, an error without a reason) and for a request that never got
 * an answer (`NETWORK_ERROR`, the portal's own).
 */
export const GRAPHQL_ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'CONFLICT',
  'RATE_LIMITED',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'INTERNAL_SERVER_ERROR',
] as const;

export type GraphqlErrorCode = (typeof GRAPHQL_ERROR_CODES)[number];

/** The portal's code for a request that got no usable answer (offline, a proxy's HTML error page). */
export const NETWORK_ERROR = 'NETWORK_ERROR';

export const GRAPHQL_ERROR_SENTENCES: Readonly<
  Record<GraphqlErrorCode | typeof NETWORK_ERROR, { en: string; 'zh-cn': string }>
> = {
  UNAUTHENTICATED: {
    en: 'You are not signed in, or your session has ended. Please sign in again.',
    'zh-cn': '您尚未登录，或会话已结束。请重新登录。',
  },
  FORBIDDEN: {
    en: 'Your account may not do this.',
    'zh-cn': '您的账户无权执行此操作。',
  },
  NOT_FOUND: {
    en: 'We could not find that. It may have been removed, or it belongs to another account.',
    'zh-cn': '找不到该项目。它可能已被删除，或属于其他账户。',
  },
  BAD_USER_INPUT: {
    en: 'Some of what you entered is not valid. Check the form and try again.',
    'zh-cn': '您输入的部分内容无效。请检查后重试。',
  },
  CONFLICT: {
    en: 'This changed in the meantime. Reload the page and try again.',
    'zh-cn': '该内容已被更改。请刷新页面后重试。',
  },
  RATE_LIMITED: {
    en: 'Too many requests in a short time. Wait a moment and try again.',
    'zh-cn': '短时间内请求过多。请稍候再试。',
  },
  GRAPHQL_VALIDATION_FAILED: {
    en: 'This page sent a request the server does not accept. Reload the page; if it happens again, contact support.',
    'zh-cn': '此页面发送了服务器不接受的请求。请刷新页面；如果问题仍然存在，请联系支持团队。',
  },
  GRAPHQL_PARSE_FAILED: {
    en: 'This page sent a request the server could not read. Reload the page; if it happens again, contact support.',
    'zh-cn': '此页面发送了服务器无法读取的请求。请刷新页面；如果问题仍然存在，请联系支持团队。',
  },
  BAD_REQUEST: {
    en: 'The server refused the request as malformed. Reload the page and try again.',
    'zh-cn': '服务器因格式错误拒绝了该请求。请刷新页面后重试。',
  },
  PERSISTED_QUERY_NOT_FOUND: {
    en: 'The server did not recognise this request. Reload the page and try again.',
    'zh-cn': '服务器无法识别该请求。请刷新页面后重试。',
  },
  INTERNAL_SERVER_ERROR: {
    en: 'Something went wrong on our side. Try again in a moment; if it keeps happening, contact support.',
    'zh-cn': '我们这边出现了问题。请稍后再试；如果问题持续，请联系支持团队。',
  },
  NETWORK_ERROR: {
    en: 'We could not reach VIPCloud. Check your connection and try again.',
    'zh-cn': '无法连接到 VIPCloud。请检查网络连接后重试。',
  },
};
