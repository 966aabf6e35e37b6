/**
 * Every error code the API returns, with its HTTP status and OpenAI error `type`. The API types
 * `AppError`'s code by this catalog (an unlisted code does not compile), and the site's errors page
 * is generated from it, so the docs list exactly what the code can answer. A unit test scans the
 * API's sources and checks that each entry is used and that status and type agree.
 */

/** OpenAI's error types (`error.type`); `insufficient_quota` is both a type and a code there. */
export type ApiErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'insufficient_quota'
  | 'rate_limit_error'
  | 'rate_limit_exceeded'
  | 'api_error';

/**
 * Where a caller meets the code: `rest` the OpenAI-compatible endpoints under /v1 and the other plain
 * HTTP routes (`{"error":{…,"code"}}`), `graphql` the portal's GraphQL operations (`extensions.reason`).
 */
export type ApiErrorSurface = 'rest' | 'graphql' | 'both';

export interface ApiErrorText {
  /** What happened, one line. */
  meaning: string;
  /** What the caller should do about it, one line. */
  action: string;
}

export interface ApiErrorDefinition {
  /** The HTTP status; a list when the code keeps the status of the failure it reports (usual one first). */
  status: number | readonly number[];
  type: ApiErrorType;
  where: ApiErrorSurface;
  /** Sent with a `Retry-After` header (seconds). */
  retryAfter?: true;
  en: ApiErrorText;
  'zh-cn': ApiErrorText;
}

export const API_ERRORS = {
  // --- Authentication and access (REST keys) ---
  missing_api_key: {
    status: 401,
    type: 'invalid_request_error',
    where: 'rest',
    en: {
      meaning: 'The request carried no API key.',
      action: 'Send your key as `Authorization: Bearer <key>` or in the `x-api-key` header.',
    },
    'zh-cn': {
      meaning: '请求中没有 API 密钥。',
      action: '在 `Authorization: Bearer <密钥>` 或 `x-api-key` 请求头中提供密钥。',
    },
  },
  invalid_api_key: {
    status: 401,
    type: 'invalid_request_error',
    where: 'rest',
    en: {
      meaning: 'The key is unknown or has been revoked.',
      action: 'Check that the whole key was copied, or create a new one in the portal.',
    },
    'zh-cn': {
      meaning: '密钥不存在或已被撤销。',
      action: '检查密钥是否完整复制；必要时在控制台新建一个。',
    },
  },
  api_key_expired: {
    status: 401,
    type: 'invalid_request_error',
    where: 'rest',
    en: {
      meaning: 'The key has passed the expiry date it was created with.',
      action: 'Create a new key and replace the old one in your configuration.',
    },
    'zh-cn': {
      meaning: '密钥已超过创建时设定的有效期。',
      action: '新建一个密钥，并在配置中替换旧密钥。',
    },
  },
  too_many_invalid_keys: {
    status: 429,
    type: 'rate_limit_exceeded',
    where: 'rest',
    retryAfter: true,
    en: {
      meaning: 'Too many requests with unknown or revoked API keys came from your network.',
      action: 'Check the key you send (it may have been revoked), then retry after `Retry-After` seconds.',
    },
    'zh-cn': {
      meaning: '来自您所在网络的请求中，使用未知或已撤销 API 密钥的次数过多。',
      action: '检查所发送的密钥（可能已被撤销），并在 `Retry-After` 指定的秒数后重试。',
    },
  },
  model_not_allowed: {
    status: 403,
    type: 'permission_error',
    where: 'rest',
    en: {
      meaning: "The model is not on this key's allow-list.",
      action: 'Use a model the key allows, or use a key whose allow-list includes it.',
    },
    'zh-cn': {
      meaning: '该模型不在此密钥的允许列表中。',
      action: '改用此密钥允许的模型，或使用允许该模型的其他密钥。',
    },
  },
  account_inactive: {
    status: 403,
    type: 'permission_error',
    where: 'rest',
    en: {
      meaning: "The key's account is suspended or closed.",
      action: 'Contact support; retrying will not help.',
    },
    'zh-cn': {
      meaning: '密钥所属账户已被暂停或关闭。',
      action: '请联系支持团队；重试无济于事。',
    },
  },
  insufficient_quota: {
    status: 402,
    type: 'insufficient_quota',
    where: 'rest',
    en: {
      meaning: "The balance cannot cover the request's maximum cost, or is below zero after a refund or chargeback.",
      action: 'Buy credits in the portal; your keys work again as soon as the balance covers a request.',
    },
    'zh-cn': {
      meaning: '余额不足以支付本次请求的最高费用，或因退款、拒付导致余额为负。',
      action: '在控制台购买额度；余额足以支付请求后，密钥立即恢复可用。',
    },
  },

  // --- Rate limits (/v1): per API key and per account; `x-ratelimit-*` headers on every answer ---
  requests_per_minute: {
    status: 429,
    type: 'rate_limit_exceeded',
    where: 'rest',
    retryAfter: true,
    en: {
      meaning: 'The key or the account sent more requests in the last minute than its limit allows.',
      action:
        'Wait for `Retry-After` seconds (the OpenAI and Anthropic SDKs do), or spread requests out; ' +
        'support can raise the limit.',
    },
    'zh-cn': {
      meaning: '该密钥或账户在过去一分钟内发送的请求数超过了限额。',
      action:
        '等待 `Retry-After` 指定的秒数后重试（OpenAI 与 Anthropic 的 SDK 会自动等待），或放缓请求节奏；支持团队可以提高限额。',
    },
  },
  tokens_per_minute: {
    status: 429,
    type: 'rate_limit_exceeded',
    where: 'rest',
    retryAfter: true,
    en: {
      meaning:
        'The key or the account used more tokens in the last minute than its limit allows; a request counts ' +
        'its prompt and `max_tokens` until it ends, then what it really used.',
      action:
        'Wait for `Retry-After` seconds, or ask for fewer `max_tokens`. Without `Retry-After` the request ' +
        'alone is larger than the limit: make it smaller, or ask support for a higher limit.',
    },
    'zh-cn': {
      meaning:
        '该密钥或账户在过去一分钟内使用的 token 数超过了限额；请求进行中按提示词加 `max_tokens` 计数，结束后改按实际用量计。',
      action:
        '等待 `Retry-After` 指定的秒数后重试，或减小 `max_tokens`。若没有 `Retry-After`，说明单个请求本身就超过了限额：请缩小请求，或请支持团队提高限额。',
    },
  },
  too_many_requests: {
    status: 429,
    type: 'rate_limit_exceeded',
    where: 'both',
    retryAfter: true,
    en: {
      meaning:
        'Too many requests to the portal, sign-in or webhooks from your account (or, signed out, your network) in the last minute.',
      action: 'Wait for `Retry-After` seconds, then try again.',
    },
    'zh-cn': {
      meaning: '过去一分钟内，您的账户（未登录时为您所在的网络）向控制台、登录或 Webhook 发送的请求过多。',
      action: '等待 `Retry-After` 指定的秒数后再试。',
    },
  },
  concurrent_streams: {
    status: 429,
    type: 'rate_limit_exceeded',
    where: 'rest',
    retryAfter: true,
    en: {
      meaning: 'The key or the account already has as many streams open as its limit allows.',
      action: 'Retry when one of your streams has ended.',
    },
    'zh-cn': {
      meaning: '该密钥或账户同时打开的流式请求已达上限。',
      action: '等其中一个流式请求结束后再重试。',
    },
  },

  // --- The request itself ---
  invalid_json: {
    status: 400,
    type: 'invalid_request_error',
    where: 'rest',
    en: {
      meaning: 'The body is not valid JSON, or not a JSON object.',
      action: 'Send a JSON object with `content-type: application/json`.',
    },
    'zh-cn': {
      meaning: '请求体不是合法的 JSON，或不是 JSON 对象。',
      action: '以 `content-type: application/json` 发送一个 JSON 对象。',
    },
  },
  invalid_body: {
    status: [400, 403, 413, 415],
    type: 'invalid_request_error',
    where: 'rest',
    en: {
      meaning: 'The body could not be read: unsupported charset or encoding, or the upload was cut off.',
      action: 'Send the body as UTF-8 JSON and check that it is sent whole.',
    },
    'zh-cn': {
      meaning: '无法读取请求体：字符集或压缩方式不受支持，或上传中途中断。',
      action: '以 UTF-8 编码发送 JSON，并确认请求体完整发出。',
    },
  },
  request_too_large: {
    status: 413,
    type: 'invalid_request_error',
    where: 'rest',
    en: {
      meaning: 'The body is larger than the server accepts.',
      action: 'Shorten the request, for example by sending less conversation history.',
    },
    'zh-cn': {
      meaning: '请求体超过了服务器允许的大小。',
      action: '缩短请求，例如少带一些历史对话。',
    },
  },
  missing_required_parameter: {
    status: 400,
    type: 'invalid_request_error',
    where: 'rest',
    en: {
      meaning: 'A required field is missing; `param` names it.',
      action: 'Add the field named in `param`.',
    },
    'zh-cn': {
      meaning: '缺少必填字段，`param` 给出字段名。',
      action: '补上 `param` 所指的字段。',
    },
  },
  invalid_value: {
    status: 400,
    type: 'invalid_request_error',
    where: 'both',
    en: {
      meaning: 'A field has a value that is not allowed; `param` names it and the message says why.',
      action: 'Fix the field named in `param` as the message describes.',
    },
    'zh-cn': {
      meaning: '某个字段的取值不被接受；`param` 给出字段名，错误信息说明原因。',
      action: '按错误信息修改 `param` 所指的字段。',
    },
  },
  model_not_found: {
    status: 404,
    type: 'invalid_request_error',
    where: 'both',
    en: {
      meaning: 'No such model is offered here, or this key may not see it.',
      action: 'Pick a model from `GET /v1/models` or the models page.',
    },
    'zh-cn': {
      meaning: '本服务没有提供这个模型，或此密钥无权查看它。',
      action: '从 `GET /v1/models` 或“模型与价格”页选择模型。',
    },
  },
  context_length_exceeded: {
    status: 400,
    type: 'invalid_request_error',
    where: 'rest',
    en: {
      meaning: "The messages and `max_tokens` together exceed the model's context window.",
      action: 'Send fewer or shorter messages, lower `max_tokens`, or choose a model with a larger window.',
    },
    'zh-cn': {
      meaning: '消息与 `max_tokens` 合计超出了模型的上下文窗口。',
      action: '减少或缩短消息、调低 `max_tokens`，或换用上下文更大的模型。',
    },
  },
  content_filter: {
    status: 400,
    type: 'invalid_request_error',
    where: 'rest',
    en: {
      meaning: "The upstream provider's content filter refused the request.",
      action: 'Rephrase the request; sending it again unchanged will be refused again.',
    },
    'zh-cn': {
      meaning: '上游提供商的内容审核拒绝了此请求。',
      action: '修改请求内容；原样重发仍会被拒绝。',
    },
  },
  not_found: {
    status: 404,
    type: 'invalid_request_error',
    where: 'rest',
    en: {
      meaning: 'No endpoint at this URL and method.',
      action: 'Check the path: the base URL ends in `/v1`, e.g. `/v1/chat/completions`.',
    },
    'zh-cn': {
      meaning: '该 URL 和方法下没有接口。',
      action: '检查路径：Base URL 以 `/v1` 结尾，例如 `/v1/chat/completions`。',
    },
  },

  // --- Upstream providers and the service ---
  upstream_unavailable: {
    status: 503,
    type: 'api_error',
    where: 'rest',
    retryAfter: true,
    en: {
      meaning: 'Every provider route for the model is cooling down after failures.',
      action: 'Retry after the `Retry-After` seconds, or use another model meanwhile.',
    },
    'zh-cn': {
      meaning: '该模型的所有上游线路都因故障处于冷却期。',
      action: '等待 `Retry-After` 给出的秒数后重试，或暂时改用其他模型。',
    },
  },
  upstream_overloaded: {
    status: 503,
    type: 'api_error',
    where: 'rest',
    retryAfter: true,
    en: {
      meaning: 'The upstream provider is overloaded or rate-limiting us; nothing was charged.',
      action: 'Retry after the `Retry-After` seconds, with backoff.',
    },
    'zh-cn': {
      meaning: '上游提供商过载或对我们限流；本次未扣费。',
      action: '等待 `Retry-After` 给出的秒数后重试，并逐次拉长间隔。',
    },
  },
  upstream_timeout: {
    status: 504,
    type: 'api_error',
    where: 'rest',
    en: {
      meaning: 'The upstream provider did not answer in time; nothing was charged.',
      action: 'Retry with backoff; streaming (`stream: true`) helps with long answers.',
    },
    'zh-cn': {
      meaning: '上游提供商未能及时响应；本次未扣费。',
      action: '稍后重试并逐次拉长间隔；较长的回答建议使用流式输出（`stream: true`）。',
    },
  },
  upstream_error: {
    status: 502,
    type: 'api_error',
    where: 'rest',
    en: {
      meaning: 'The upstream provider failed and no other route could take the request; nothing was charged.',
      action: 'Retry a little later, with backoff.',
    },
    'zh-cn': {
      meaning: '上游提供商出错，且没有其他线路可以接手；本次未扣费。',
      action: '稍后重试，并逐次拉长间隔。',
    },
  },
  server_shutting_down: {
    status: 503,
    type: 'api_error',
    where: 'rest',
    en: {
      meaning:
        'The instance serving this stream was shutting down and ended it before the answer was complete; ' +
        'only what was sent is charged.',
      action: 'Send the request again: it goes to an instance that is running.',
    },
    'zh-cn': {
      meaning: '处理此流式请求的实例正在关闭，在回答完成前结束了它；仅按已发送的部分计费。',
      action: '重新发送请求，它会交给正常运行的实例处理。',
    },
  },
  internal_error: {
    status: 500,
    type: 'api_error',
    where: 'both',
    en: {
      meaning: 'Something failed on our side.',
      action: 'Retry with backoff; if it persists, contact support with the time of the request.',
    },
    'zh-cn': {
      meaning: '我们这边出了故障。',
      action: '稍后重试并逐次拉长间隔；若持续出现，请附上请求时间联系支持团队。',
    },
  },

  // --- Sign-in and the portal's session ---
  provider_not_available: {
    status: 404,
    type: 'invalid_request_error',
    where: 'rest',
    en: {
      meaning: 'Sign-in with this provider is not offered here.',
      action: 'Sign in with one of the providers the sign-in page shows.',
    },
    'zh-cn': {
      meaning: '本服务未提供该登录方式。',
      action: '使用登录页列出的方式登录。',
    },
  },
  sign_in_required: {
    status: 401,
    type: 'authentication_error',
    where: 'both',
    en: {
      meaning: 'The operation needs a signed-in portal session, and there is none (or it ended).',
      action: 'Sign in to the portal again.',
    },
    'zh-cn': {
      meaning: '此操作需要已登录的控制台会话，但当前没有（或会话已结束）。',
      action: '重新登录控制台。',
    },
  },
  forbidden: {
    status: 403,
    type: 'permission_error',
    where: 'both',
    en: {
      meaning: "Your account's role does not allow this operation.",
      action: 'Ask an administrator if you need it.',
    },
    'zh-cn': {
      meaning: '您账户的角色无权执行此操作。',
      action: '如确有需要，请联系管理员。',
    },
  },
  sign_up_expired: {
    status: 400,
    type: 'invalid_request_error',
    where: 'graphql',
    en: {
      meaning: 'The sign-up expired or was started in another browser.',
      action: 'Start again by signing in with your provider.',
    },
    'zh-cn': {
      meaning: '注册已过期，或是在另一个浏览器中发起的。',
      action: '重新通过登录方式开始注册。',
    },
  },
  consent_required: {
    status: 400,
    type: 'invalid_request_error',
    where: 'graphql',
    en: {
      meaning: 'The sign-up did not confirm the age requirement or accept the current Terms.',
      action: 'Confirm that you are 18 or older and accept the current Terms of Service.',
    },
    'zh-cn': {
      meaning: '注册时未确认年龄要求，或未接受现行服务条款。',
      action: '确认您已年满 18 周岁，并接受现行服务条款。',
    },
  },
  email_in_use: {
    status: 409,
    type: 'invalid_request_error',
    where: 'graphql',
    en: {
      meaning: 'An account with this email already exists.',
      action: 'Sign in with the provider you used before, then link the new one in your settings.',
    },
    'zh-cn': {
      meaning: '使用该邮箱的账户已存在。',
      action: '用之前的登录方式登录，再在设置中关联新的登录方式。',
    },
  },
  invalid_email: {
    status: 400,
    type: 'invalid_request_error',
    where: 'graphql',
    en: {
      meaning: "The email address (the sign-in provider's, or a new one typed in the portal) is not valid.",
      action: 'Type a valid address; for a provider’s, fix it there or sign in with another provider.',
    },
    'zh-cn': {
      meaning: '邮箱地址无效（登录方式返回的，或在控制台中输入的新邮箱）。',
      action: '输入有效的地址；若是登录方式返回的，请在该平台上更正，或改用其他登录方式。',
    },
  },
  account_exists: {
    status: 409,
    type: 'invalid_request_error',
    where: 'graphql',
    en: {
      meaning: 'An account with this email was created in the meantime.',
      action: 'Sign in instead of signing up.',
    },
    'zh-cn': {
      meaning: '在此期间已有人用该邮箱创建了账户。',
      action: '请直接登录，而不是注册。',
    },
  },
  token_unreadable: {
    status: 500,
    type: 'api_error',
    where: 'graphql',
    en: {
      meaning: 'A stored sign-in credential could not be decrypted on our side.',
      action: 'Start the sign-in again; contact support if it happens again.',
    },
    'zh-cn': {
      meaning: '我们无法解密已保存的登录凭据。',
      action: '重新开始登录；若再次出现，请联系支持团队。',
    },
  },
  session_not_found: {
    status: 404,
    type: 'invalid_request_error',
    where: 'graphql',
    en: {
      meaning: 'No session of yours has this id; it may have ended already.',
      action: 'Reload the list of sessions.',
    },
    'zh-cn': {
      meaning: '您的会话中没有这个 id，它可能已经结束。',
      action: '刷新会话列表。',
    },
  },
  account_not_found: {
    status: 404,
    type: 'invalid_request_error',
    where: 'graphql',
    en: {
      meaning: 'No account matches the id or email given (support and admin operations).',
      action: 'Check the account reference.',
    },
    'zh-cn': {
      meaning: '没有与所给 id 或邮箱匹配的账户（支持与管理操作）。',
      action: '检查账户标识。',
    },
  },

  // --- API keys in the portal ---
  api_key_limit: {
    status: 409,
    type: 'invalid_request_error',
    where: 'graphql',
    en: {
      meaning: 'The account already holds the most API keys it may have.',
      action: 'Revoke a key you no longer use, then create the new one.',
    },
    'zh-cn': {
      meaning: '账户持有的 API 密钥数量已达上限。',
      action: '先撤销不再使用的密钥，再新建。',
    },
  },
  api_key_not_found: {
    status: 404,
    type: 'invalid_request_error',
    where: 'graphql',
    en: {
      meaning: 'No key of yours has this id.',
      action: 'Reload the list of keys.',
    },
    'zh-cn': {
      meaning: '您的密钥中没有这个 id。',
      action: '刷新密钥列表。',
    },
  },

  // --- Credits, purchases and prices ---
  payments_unavailable: {
    status: 503,
    type: 'api_error',
    where: 'graphql',
    en: {
      meaning: 'Buying credits (or refunding) is not available on this service right now.',
      action: 'Try again later; your balance and keys are unaffected.',
    },
    'zh-cn': {
      meaning: '本服务目前无法购买额度（或办理退款）。',
      action: '请稍后再试；您的余额和密钥不受影响。',
    },
  },
  processor_error: {
    status: 502,
    type: 'api_error',
    where: 'graphql',
    en: {
      meaning: 'The payment processor did not accept the checkout or refund.',
      action: 'Try again later; nothing was charged.',
    },
    'zh-cn': {
      meaning: '支付处理商未受理此次结账或退款。',
      action: '请稍后再试；未产生任何扣款。',
    },
  },
  too_many_checkouts: {
    status: 429,
    type: 'rate_limit_error',
    where: 'graphql',
    en: {
      meaning: 'Too many unfinished checkouts in the last 24 hours.',
      action: 'Finish an open checkout, or wait before starting another.',
    },
    'zh-cn': {
      meaning: '过去 24 小时内未完成的结账过多。',
      action: '先完成一个未结束的结账，或稍候再发起新的结账。',
    },
  },
  pack_not_found: {
    status: 404,
    type: 'invalid_request_error',
    where: 'graphql',
    en: {
      meaning: 'No credit pack with this id is on sale.',
      action: 'Reload the list of packs and pick one.',
    },
    'zh-cn': {
      meaning: '没有在售的此 id 额度包。',
      action: '刷新额度包列表后重新选择。',
    },
  },
  purchase_not_found: {
    status: 404,
    type: 'invalid_request_error',
    where: 'graphql',
    en: {
      meaning: 'No purchase of yours has this id.',
      action: 'Reload the list of purchases.',
    },
    'zh-cn': {
      meaning: '您的购买记录中没有这个 id。',
      action: '刷新购买记录列表。',
    },
  },
  receipt_not_ready: {
    status: 409,
    type: 'invalid_request_error',
    where: 'graphql',
    en: {
      meaning: 'The purchase has not been paid yet, so it has no receipt.',
      action: 'Wait until the payment is confirmed, then ask again.',
    },
    'zh-cn': {
      meaning: '该笔购买尚未付款，因此还没有收据。',
      action: '等付款确认后再获取。',
    },
  },
  refund_not_allowed: {
    status: 409,
    type: 'invalid_request_error',
    where: 'graphql',
    en: {
      meaning: 'This purchase cannot be refunded; the message says why.',
      action: 'Read the reason; spent credits are not refundable.',
    },
    'zh-cn': {
      meaning: '该笔购买无法退款，错误信息说明了原因。',
      action: '查看原因；已消耗的额度不予退款。',
    },
  },
  invalid_pack: {
    status: 400,
    type: 'invalid_request_error',
    where: 'graphql',
    en: {
      meaning: 'A credit pack field is invalid (admin operations); `param` names it.',
      action: 'Fix the field named in `param`.',
    },
    'zh-cn': {
      meaning: '额度包的某个字段无效（管理操作）；`param` 给出字段名。',
      action: '修改 `param` 所指的字段。',
    },
  },
  invalid_amount: {
    status: 400,
    type: 'invalid_request_error',
    where: 'graphql',
    en: {
      meaning: 'An amount is not a valid USD amount, or is out of range.',
      action: 'Give a decimal USD amount within the allowed range.',
    },
    'zh-cn': {
      meaning: '金额不是有效的美元金额，或超出允许范围。',
      action: '填写允许范围内的十进制美元金额。',
    },
  },
  idempotency_conflict: {
    status: 409,
    type: 'invalid_request_error',
    where: 'graphql',
    en: {
      meaning: 'This idempotency key was already used for a different request (admin operations).',
      action: 'Use a new idempotency key for a new adjustment; reuse it only to repeat the same one.',
    },
    'zh-cn': {
      meaning: '该幂等键已用于另一笔不同的请求（管理操作）。',
      action: '新的调整请使用新的幂等键；只有重复同一笔操作时才复用。',
    },
  },
  terms_version_not_current: {
    status: 409,
    type: 'invalid_request_error',
    where: 'graphql',
    en: {
      meaning:
        'The Terms of Service version you accepted is not the one in effect (an old page, or a version not in effect yet).',
      action: 'Reload the page, read the current Terms and accept that version.',
    },
    'zh-cn': {
      meaning: '您接受的服务条款版本不是当前生效的版本（页面已过时，或该版本尚未生效）。',
      action: '请刷新页面，阅读当前的服务条款并接受该版本。',
    },
  },
  invalid_price: {
    status: 400,
    type: 'invalid_request_error',
    where: 'graphql',
    en: {
      meaning: 'A model price is invalid (admin operations); `param` names it.',
      action: 'Give USD per 1M tokens, at most 6 decimals, cached input not above input.',
    },
    'zh-cn': {
      meaning: '模型价格无效（管理操作）；`param` 给出字段名。',
      action: '以“美元 / 百万 token”填写，最多 6 位小数，缓存输入价不得高于输入价。',
    },
  },
  invalid_range: {
    status: 400,
    type: 'invalid_request_error',
    where: 'graphql',
    en: {
      meaning: 'The usage time window is empty or longer than 31 days.',
      action: 'Ask for a window whose start is before its end, at most 31 days long.',
    },
    'zh-cn': {
      meaning: '用量查询的时间窗口为空，或超过 31 天。',
      action: '起点须早于终点，窗口最长 31 天。',
    },
  },

  // --- Privacy rights in the portal ---
  export_in_progress: {
    status: 409,
    type: 'invalid_request_error',
    where: 'graphql',
    en: {
      meaning: 'An export of your data is already being prepared; one runs at a time.',
      action: 'Wait until it is ready (you will get an email), then download it or ask again.',
    },
    'zh-cn': {
      meaning: '您的数据导出正在准备中；同一时间只能进行一个导出。',
      action: '请等待导出完成（届时会收到邮件），然后下载或重新申请。',
    },
  },

  // --- Closing the account and changing its email ---
  reauth_required: {
    status: 401,
    type: 'authentication_error',
    where: 'graphql',
    en: {
      meaning: 'Closing the account needs a sign-in of the last 15 minutes, and this session is older.',
      action: 'Sign in again, then close the account within 15 minutes.',
    },
    'zh-cn': {
      meaning: '注销账户需要在最近 15 分钟内登录过，而当前会话更早。',
      action: '重新登录，并在 15 分钟内完成注销。',
    },
  },
  confirm_email_mismatch: {
    status: 400,
    type: 'invalid_request_error',
    where: 'graphql',
    en: {
      meaning: "The email typed to confirm closing the account is not the account's email.",
      action: "Type the account's email exactly as the portal shows it.",
    },
    'zh-cn': {
      meaning: '为确认注销而输入的邮箱与账户邮箱不符。',
      action: '按控制台显示的账户邮箱准确输入。',
    },
  },
  email_taken: {
    status: 409,
    type: 'invalid_request_error',
    where: 'graphql',
    en: {
      meaning: 'Another account already uses the new email address.',
      action: 'Choose another address.',
    },
    'zh-cn': {
      meaning: '新邮箱地址已被其他账户使用。',
      action: '请换一个邮箱地址。',
    },
  },
  email_unchanged: {
    status: 400,
    type: 'invalid_request_error',
    where: 'graphql',
    en: {
      meaning: 'The new email address is already the email of the account.',
      action: 'Nothing to change; type a different address to change it.',
    },
    'zh-cn': {
      meaning: '新邮箱地址与账户当前邮箱相同。',
      action: '无需更改；如需更改请输入其他地址。',
    },
  },

  // --- Abuse cases (support) ---
  case_not_found: {
    status: 404,
    type: 'invalid_request_error',
    where: 'graphql',
    en: {
      meaning: 'There is no abuse case with this id.',
      action: 'Open the case from the queue again; it may have been deleted 90 days after it closed.',
    },
    'zh-cn': {
      meaning: '不存在此 ID 的滥用案件。',
      action: '请从队列中重新打开案件；案件关闭 90 天后会被删除。',
    },
  },
  case_closed: {
    status: 409,
    type: 'invalid_request_error',
    where: 'graphql',
    en: {
      meaning: 'The case was closed already, with its decision.',
      action: 'Reload the case to see who decided what; a closed case is not decided again.',
    },
    'zh-cn': {
      meaning: '该案件已经结案，并已作出处理决定。',
      action: '请重新加载案件，查看由谁作出了什么决定；已结案的案件不会再次处理。',
    },
  },

  // --- Payment notifications (the processor's webhook) ---
  invalid_signature: {
    status: 400,
    type: 'invalid_request_error',
    where: 'rest',
    en: {
      meaning: "A payment notification's signature did not verify.",
      action: 'Only the payment processor calls this endpoint; check the webhook secret.',
    },
    'zh-cn': {
      meaning: '支付通知的签名校验未通过。',
      action: '此接口只供支付处理商调用；请检查 webhook 密钥配置。',
    },
  },
  invalid_notification: {
    status: 400,
    type: 'invalid_request_error',
    where: 'rest',
    en: {
      meaning: 'A payment notification could not be read.',
      action: 'Only the payment processor calls this endpoint; it will deliver again.',
    },
    'zh-cn': {
      meaning: '无法解析支付通知。',
      action: '此接口只供支付处理商调用；处理商会重新投递。',
    },
  },
} satisfies Record<string, ApiErrorDefinition>;

export type ApiErrorCode = keyof typeof API_ERRORS;

export const API_ERROR_CODES = Object.keys(API_ERRORS) as ApiErrorCode[];

/** Every status a code can come with, the usual one first. */
export function apiErrorStatuses(code: ApiErrorCode): readonly number[] {
  const { status } = API_ERRORS[code] as ApiErrorDefinition;
  return typeof status === 'number' ? [status] : status;
}

/**
 * The portal's GraphQL errors carry a stable `extensions.code` chosen by HTTP status, and the code
 * above as `extensions.reason`. Statuses not listed are `INTERNAL_SERVER_ERROR`.
 */
export const GRAPHQL_ERROR_CODE_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'BAD_USER_INPUT',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'BAD_USER_INPUT',
  429: 'RATE_LIMITED',
};

export function graphqlErrorCode(status: number): string {
  return GRAPHQL_ERROR_CODE_BY_STATUS[status] ?? 'INTERNAL_SERVER_ERROR';
}
