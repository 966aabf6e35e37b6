import { randomBytes, randomUUID } from 'node:crypto';
import { AbuseSignalsService } from '@vipcloud/abuse';
import { RateLimitPoliciesService } from '@vipcloud/rate-limits';
import { AccountsService, ApiKeysService, SessionsService } from '@vipcloud/accounts';
import { LedgerService } from '@vipcloud/billing';
import { RequestLogRepository } from '@vipcloud/gateway';
import { sha256Hex } from '@vipcloud/platform';
import type { DataSource } from 'typeorm';
import { requestLogRow } from '../kit/factories';
import { eventuallyRows } from '../kit/polling';
import type { AppStack } from './gateway-harness';

const DAY_S = 24 * 3600;

/** A DATETIME literal both databases take (whole seconds). */
const sqlTime = (ms: number): string => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

/** An account holding data of every kind its libs keep, with the ids and secrets the tests look for. */
export interface SeededPerson {
  accountId: string;
  email: string;
  displayName: string;
  identitySubject: string;
  /** The sealed refresh token stored on the identity: never exported. */
  sealedToken: string;
  keyId: string;
  keyName: string;
  keySecret: string;
  keyHash: string;
  sessionId: string;
  sessionToken: string;
  sessionTokenHash: string;
  sessionUserAgent: string;
  ledgerEntryId: string;
  /** The operator named in the ledger entry's actor (another person): never exported. */
  operatorName: string;
  purchaseId: string;
  processorTransactionId: string;
  /** A request within the 30 days metadata is kept. */
  requestId: string;
  /** A request 40 days old that the purge has not reached yet: kept in the table, never shown. */
  expiredRequestId: string;
  /** The request an abuse signal was recorded for. */
  signalRequestId: string;
  /** Every id and value that belongs to this person alone, for "nothing of the other account". */
  identifiers: string[];
  /** What an export must never hold: hashes, tokens, the key, the operator (another person), expired metadata. */
  neverExported: string[];
}

/** Seeds one account with a profile, an identity, a key, a session, ledger, purchase, requests and a signal. */
export async function seedPerson(stack: AppStack, label: string): Promise<SeededPerson> {
  const tag = `${label}${randomBytes(4).toString('hex')}`;
  const ds: DataSource = stack.dataSource;
  const displayName = `Name ${tag}`;
  const account = await stack.app.get(AccountsService).create(`${tag}@example.com`, {
    displayName,
    avatarUrl: `https://avatars.example.com/${tag}.png`,
    adultConfirmedAt: new Date(),
    termsVersion: '2026-11-28',
    termsAcceptedAt: new Date(),
  });
  const accountId = account.id;

  const identitySubject = `subject-${tag}`;
  const sealedToken = `v1.k1.sealed-${tag}.ciphertext.tag`;
  await ds.query(
    'INSERT INTO oauth_identities (id, account_id, provider, subject, refresh_token_sealed, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    [randomUUID(), accountId, 'github', identitySubject, sealedToken, sqlTime(Date.now())],
  );

  const keyName = `key-${tag}`;
  const created = await stack.app
    .get(ApiKeysService)
    .create(accountId, { name: keyName, allowedModels: ['deepseek-flash', 'kimi-k3'] });
  const sessionUserAgent = `Browser/${tag}`;
  const session = await stack.app
    .get(SessionsService)
    .start(accountId, { userAgent: sessionUserAgent, clientIp: '198.51.100.0' });

  const operatorName = `operator-${tag}`;
  const entry = await stack.app.get(LedgerService).adjust({
    accountId,
    amountMicros: 5_000_000,
    reason: `goodwill ${tag}`,
    actor: `operator:${operatorName}`,
    idempotencyKey: `seed-${tag}`,
  });

  const purchaseId = randomUUID();
  const processorTransactionId = `txn_${tag}`;
  await ds.query(
    'INSERT INTO purchases (id, account_id, pack_id, pack_name, credits_micros, amount_minor, currency, paid_minor, tax_minor, refunded_minor, credits_reversed_micros, credits_charged_back_micros, processor, processor_transaction_id, status, created_at, completed_at, updated_at) VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?, 0, 0, 0, ?, ?, ?, ?, ?, ?)',
    [
      purchaseId,
      accountId,
      'Starter',
      10_000_000,
      999,
      'USD',
      1199,
      200,
      'paddle',
      processorTransactionId,
      'completed',
      sqlTime(Date.now()),
      sqlTime(Date.now()),
      sqlTime(Date.now()),
    ],
  );

  const recent = requestLogRow(accountId, created.key.id, 60);
  const expired = requestLogRow(accountId, created.key.id, 40 * DAY_S);
  await stack.app.get(RequestLogRepository).insertMany([recent, expired]);

  const signalRequestId = `req_${randomUUID()}`;
  await stack.app.get(AbuseSignalsService).reportRefusal({
    requestId: signalRequestId,
    accountId,
    apiKeyId: created.key.id,
    model: 'deepseek-flash',
    provider: 'deepseek',
    stage: 'input',
    upstreamCode: 'content_filter',
  });
  await eventuallyRows(stack, 'SELECT id FROM abuse_signals WHERE request_id = ?', [signalRequestId]);

  // Limits support set for the account.
  await stack.app.get(RateLimitPoliciesService).set(
    accountId,
    {
      keyRequestsPerMinute: 100,
      keyTokensPerMinute: null,
      keyConcurrentStreams: null,
      accountRequestsPerMinute: 500,
      accountTokensPerMinute: null,
      accountConcurrentStreams: null,
    },
    'operator:seed',
  );

  const person: Omit<SeededPerson, 'identifiers' | 'neverExported'> = {
    accountId,
    email: account.email,
    displayName,
    identitySubject,
    sealedToken,
    keyId: created.key.id,
    keyName,
    keySecret: created.secret,
    keyHash: created.key.keyHash,
    sessionId: session.session.id,
    sessionToken: session.token,
    sessionTokenHash: sha256Hex(session.token),
    sessionUserAgent,
    ledgerEntryId: entry.entry.id,
    operatorName,
    purchaseId,
    processorTransactionId,
    requestId: recent.id,
    expiredRequestId: expired.id,
    signalRequestId,
  };
  return {
    ...person,
    identifiers: [
      accountId,
      account.email,
      tag,
      identitySubject,
      created.key.id,
      keyName,
      session.session.id,
      person.ledgerEntryId,
      purchaseId,
      processorTransactionId,
      recent.id,
      signalRequestId,
    ],
    neverExported: [
      sealedToken,
      created.secret,
      created.key.keyHash,
      session.token,
      person.sessionTokenHash,
      operatorName,
      expired.id,
    ],
  };
}
