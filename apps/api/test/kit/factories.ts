import { randomBytes, randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { AccountRole, AccountsService, ApiKeysService, CreateKeyOptions, SessionsService } from '@vipcloud/accounts';
import type { AccountEntity } from '@vipcloud/accounts';
import { LedgerService } from '@vipcloud/billing';
import type { RequestLogEntity } from '@vipcloud/gateway';

/** Anything that holds the application's services: a gateway, an application context. */
export interface HasApp {
  app: INestApplicationContext;
}

export interface AccountOptions {
  /** The email's local part starts with it (some fakes act on it, e.g. `bounce-`); default `user`. */
  prefix?: string;
  /** Only other than `user` when given. */
  role?: AccountRole;
}

/** A new account with a unique `<prefix>-<random>@example.com` address. */
export async function createAccount(stack: HasApp, options: AccountOptions = {}): Promise<AccountEntity> {
  const accounts = stack.app.get(AccountsService);
  const account = await accounts.create(`${options.prefix ?? 'user'}-${randomBytes(5).toString('hex')}@example.com`);
  if (options.role && options.role !== 'user') return accounts.setRole(account.id, options.role);
  return account;
}

/** Credits granted through the ledger, once per account and key (a replay changes nothing). */
export async function fundAccount(
  stack: HasApp,
  accountId: string,
  micros: number,
  idempotencyKey = 'fund',
): Promise<void> {
  await stack.app.get(LedgerService).adjust({
    accountId,
    amountMicros: micros,
    reason: 'test credit',
    actor: 'system',
    idempotencyKey: `${idempotencyKey}-${accountId}`,
  });
}

/** A new API key's secret, shown once. */
export async function createKey(stack: HasApp, accountId: string, options: CreateKeyOptions = {}): Promise<string> {
  return (await stack.app.get(ApiKeysService).create(accountId, options)).secret;
}

export interface FundedKey {
  accountId: string;
  email: string;
  key: string;
}

/** A new account holding `micros` of credit (none when 0) and one API key. */
export async function fundedKey(
  stack: HasApp,
  micros: number,
  options: AccountOptions & { keyName?: string; idempotencyKey?: string } = {},
): Promise<FundedKey> {
  const account = await createAccount(stack, options);
  if (micros > 0) await fundAccount(stack, account.id, micros, options.idempotencyKey);
  const key = await createKey(stack, account.id, { name: options.keyName ?? 'test' });
  return { accountId: account.id, email: account.email, key };
}

export interface SignedIn {
  /** The session's id (what endSession takes). */
  id: string;
  /** The cookie's value. */
  token: string;
  accountId: string;
}

/** A portal session for an account, as sign-in would start it. */
export async function signIn(
  stack: HasApp,
  accountId: string,
  client: { userAgent?: string; clientIp?: string } = {},
): Promise<SignedIn> {
  const { token, session } = await stack.app.get(SessionsService).start(accountId, client);
  return { id: session.id, token, accountId };
}

/** A new account, signed in. */
export async function signedInAccount(
  stack: HasApp,
  options: AccountOptions = {},
): Promise<SignedIn & { email: string }> {
  const account = await createAccount(stack, options);
  return { ...(await signIn(stack, account.id)), email: account.email };
}

/** A request row as metering writes it, `secondsAgo` in the past (whole seconds: MySQL keeps no fraction). */
export function requestLogRow(
  accountId: string,
  apiKeyId: string,
  secondsAgo: number,
  costMicros = 1_234,
): RequestLogEntity {
  return {
    id: `req_${randomUUID()}`,
    createdAt: new Date(Math.floor(Date.now() / 1000 - secondsAgo) * 1000),
    accountId,
    apiKeyId,
    model: 'deepseek-flash',
    provider: 'deepseek',
    route: 'deepseek#1:deepseek-chat',
    attempts: 1,
    stream: false,
    status: 200,
    errorCode: null,
    finishReason: 'stop',
    inputTokens: 10,
    cachedTokens: 2,
    outputTokens: 5,
    reasoningTokens: 0,
    usageSource: 'upstream',
    latencyMs: 120,
    ttfbMs: 80,
    clientIp: '203.0.113.0',
    costMicros,
    priceInputMicros: 1,
    priceCachedMicros: 1,
    priceOutputMicros: 1,
    catalogVersion: 'test',
  };
}
