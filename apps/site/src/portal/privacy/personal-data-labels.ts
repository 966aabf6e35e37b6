/**
 * Names for what the access view lists. Categories are the policy's (a fixed list, named in
 * privacy.strings.ts); kinds (`<lib>.<kind>`) and field names come from each feature lib's data source,
 * so the known ones are named here and any other is shown readably from its id (a new kind appears at
 * once, in words taken from its id, rather than not at all).
 */
import type { PortalLocale } from '../lib/portal-locale';
import { privacyText } from './privacy.strings';

type Names = Record<string, { en: string; 'zh-cn': string }>;

const CATEGORIES = [
  'identity',
  'authentication',
  'sessions',
  'requestMetadata',
  'billing',
  'abuse',
  'consents',
  'rightsRequests',
  'debugCaptures',
  'exports',
] as const;
type Category = (typeof CATEGORIES)[number];

/** Kinds by the last part of their id (`accounts.api-keys` → `api-keys`). */
const KINDS: Names = {
  profile: { en: 'Profile', 'zh-cn': '个人资料' },
  identities: { en: 'Sign-in identities', 'zh-cn': '登录身份' },
  'oauth-identities': { en: 'Sign-in identities', 'zh-cn': '登录身份' },
  'api-keys': { en: 'API keys', 'zh-cn': 'API 密钥' },
  keys: { en: 'API keys', 'zh-cn': 'API 密钥' },
  sessions: { en: 'Portal sessions', 'zh-cn': '门户会话' },
  'request-metadata': { en: 'API requests', 'zh-cn': 'API 请求' },
  requests: { en: 'API requests', 'zh-cn': 'API 请求' },
  ledger: { en: 'Credit ledger', 'zh-cn': '额度流水' },
  purchases: { en: 'Purchases', 'zh-cn': '购买记录' },
  signals: { en: 'Abuse signals', 'zh-cn': '滥用信号' },
  decisions: { en: 'Decisions about the account', 'zh-cn': '关于账户的处理决定' },
  consents: { en: 'Consents', 'zh-cn': '同意' },
  'terms-acceptances': { en: 'Terms accepted', 'zh-cn': '已接受的服务条款' },
  'age-confirmation': { en: 'Age confirmation', 'zh-cn': '年龄确认' },
  'rights-requests': { en: 'Rights requests', 'zh-cn': '权利请求' },
  'debug-captures': { en: 'Debug captures', 'zh-cn': '调试记录' },
  exports: { en: 'Data exports', 'zh-cn': '数据导出' },
  'data-exports': { en: 'Data exports', 'zh-cn': '数据导出' },
  'profile-changes': { en: 'Profile changes', 'zh-cn': '资料修改记录' },
  'pending-email-change': { en: 'Email change awaiting confirmation', 'zh-cn': '待确认的邮箱更改' },
  'pending-email-changes': { en: 'Email change awaiting confirmation', 'zh-cn': '待确认的邮箱更改' },
  'closed-accounts': { en: 'Account closure', 'zh-cn': '账户注销' },
};

const FIELDS: Names = {
  id: { en: 'ID', 'zh-cn': 'ID' },
  email: { en: 'Email', 'zh-cn': '邮箱' },
  displayName: { en: 'Display name', 'zh-cn': '显示名称' },
  avatarUrl: { en: 'Avatar URL', 'zh-cn': '头像地址' },
  provider: { en: 'Provider', 'zh-cn': '提供方' },
  subject: { en: 'Provider’s user ID', 'zh-cn': '提供方用户 ID' },
  name: { en: 'Name', 'zh-cn': '名称' },
  prefix: { en: 'First characters', 'zh-cn': '开头字符' },
  createdAt: { en: 'Created', 'zh-cn': '创建时间' },
  lastUsedAt: { en: 'Last used', 'zh-cn': '最近使用' },
  lastSeenAt: { en: 'Last active', 'zh-cn': '最近活动' },
  expiresAt: { en: 'Expires', 'zh-cn': '到期时间' },
  revokedAt: { en: 'Revoked', 'zh-cn': '撤销时间' },
  endedAt: { en: 'Ended', 'zh-cn': '结束时间' },
  device: { en: 'Browser', 'zh-cn': '浏览器' },
  userAgent: { en: 'Browser', 'zh-cn': '浏览器' },
  ipPrefix: { en: 'Network (IP, shortened)', 'zh-cn': '网络（IP，已截短）' },
  model: { en: 'Model', 'zh-cn': '模型' },
  status: { en: 'Status', 'zh-cn': '状态' },
  inputTokens: { en: 'Input tokens', 'zh-cn': '输入 token' },
  outputTokens: { en: 'Output tokens', 'zh-cn': '输出 token' },
  cost: { en: 'Cost (USD)', 'zh-cn': '费用（美元）' },
  amount: { en: 'Amount', 'zh-cn': '金额' },
  currency: { en: 'Currency', 'zh-cn': '币种' },
  type: { en: 'Type', 'zh-cn': '类型' },
  kind: { en: 'Kind', 'zh-cn': '类型' },
  reason: { en: 'Reason', 'zh-cn': '原因' },
  version: { en: 'Version', 'zh-cn': '版本' },
  acceptedAt: { en: 'Accepted', 'zh-cn': '接受时间' },
  clientIp: { en: 'Network (IP, shortened)', 'zh-cn': '网络（IP，已截短）' },
  termsVersion: { en: 'Terms version accepted', 'zh-cn': '已接受的条款版本' },
  termsAcceptedAt: { en: 'Terms accepted', 'zh-cn': '接受条款时间' },
  adultConfirmedAt: { en: 'Confirmed 18 or over', 'zh-cn': '确认年满 18 岁时间' },
  allowedModels: { en: 'Allowed models', 'zh-cn': '允许的模型' },
  apiKeyId: { en: 'API key ID', 'zh-cn': 'API 密钥 ID' },
  requestId: { en: 'Request ID', 'zh-cn': '请求 ID' },
  stream: { en: 'Streamed', 'zh-cn': '流式' },
  attempts: { en: 'Attempts', 'zh-cn': '尝试次数' },
  errorCode: { en: 'Error code', 'zh-cn': '错误代码' },
  finishReason: { en: 'Finish reason', 'zh-cn': '结束原因' },
  cachedTokens: { en: 'Cached tokens', 'zh-cn': '缓存 token' },
  reasoningTokens: { en: 'Reasoning tokens', 'zh-cn': '推理 token' },
  latencyMs: { en: 'Latency (ms)', 'zh-cn': '延迟（毫秒）' },
  ttfbMs: { en: 'Time to first byte (ms)', 'zh-cn': '首字节时间（毫秒）' },
  costMicros: { en: 'Cost (millionths of a USD)', 'zh-cn': '费用（百万分之一美元）' },
  amountMicros: { en: 'Amount (millionths of a USD)', 'zh-cn': '金额（百万分之一美元）' },
  balanceAfterMicros: { en: 'Balance after (millionths of a USD)', 'zh-cn': '变动后余额（百万分之一美元）' },
  creditsMicros: { en: 'Credits (millionths of a USD)', 'zh-cn': '额度（百万分之一美元）' },
  packName: { en: 'Credit pack', 'zh-cn': '额度包' },
  paidMinor: { en: 'Paid (cents)', 'zh-cn': '支付金额（分）' },
  taxMinor: { en: 'Tax (cents)', 'zh-cn': '税额（分）' },
  processor: { en: 'Payment processor', 'zh-cn': '支付处理方' },
  processorTransactionId: { en: 'Processor transaction ID', 'zh-cn': '支付处理方交易 ID' },
  completedAt: { en: 'Completed', 'zh-cn': '完成时间' },
  actor: { en: 'By', 'zh-cn': '操作者' },
  upstreamCode: { en: 'Upstream code', 'zh-cn': '上游代码' },
  granted: { en: 'Given', 'zh-cn': '已给予' },
  field: { en: 'Field', 'zh-cn': '字段' },
  changedAt: { en: 'Changed', 'zh-cn': '修改时间' },
  requestedAt: { en: 'Requested', 'zh-cn': '申请时间' },
  closedAt: { en: 'Closed', 'zh-cn': '关闭时间' },
  deleteAfter: { en: 'Deleted after', 'zh-cn': '删除时间' },
  description: { en: 'Description', 'zh-cn': '说明' },
  policyVersion: { en: 'Policy version', 'zh-cn': '政策版本' },
  receivedAt: { en: 'Received', 'zh-cn': '收到时间' },
  dueAt: { en: 'Answer due', 'zh-cn': '答复期限' },
};

function isCategory(id: string): id is Category {
  return (CATEGORIES as readonly string[]).includes(id);
}

/** `request-metadata` → "Request metadata", `lastUsedAt` → "Last used at". */
function readable(id: string): string {
  const words = id
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[-_.]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function categoryLabel(locale: PortalLocale, category: string): string {
  return isCategory(category) ? privacyText(locale, `cat.${category}`) : readable(category);
}

export function kindLabel(locale: PortalLocale, kind: string): string {
  const last = kind.slice(kind.lastIndexOf('.') + 1);
  return KINDS[last]?.[locale] ?? readable(last);
}

export function fieldLabel(locale: PortalLocale, field: string): string {
  return FIELDS[field]?.[locale] ?? readable(field);
}
