import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FakeOAuthUser } from '@vipcloud/fake-oauth';

export const DEMO_EMAIL = 'demo@example.com';
export const DEMO_CREDITS_USD = '10';
/** One grant per demo data directory: the ledger applies a key once, so a second run adds nothing. */
export const DEMO_CREDITS_KEY = 'demo-credits-1';
/** A key is shown only once (only its hash is stored), so the demo keeps it to show it again next time. */
export const DEMO_KEY_FILE = 'demo-api-key';
/**
 * Who the local stand-in for GitHub says is signing in: the demo account's identity. Its id is linked
 * to the demo account (identities:link), so "Continue with GitHub" opens that account, with no sign-up.
 */
export const DEMO_GITHUB_USER: FakeOAuthUser = {
  subject: '100001',
  login: 'vipcloud-demo',
  email: DEMO_EMAIL,
  name: 'Demo User',
  // No picture: the portal never loads one from elsewhere, and the demo stays on loopback.
  avatarUrl: '',
};

/** One run of the operator CLI: what it wrote and its exit code. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export type RunCli = (args: string[]) => Promise<CliRun>;

export interface DemoAccount {
  apiKey: string;
  keyFile: string;
  /** False when an earlier run made the account (and, unless it was lost, its key). */
  created: boolean;
  /** Whether this run's grant applied the credits (false: an earlier run did, and this one changed nothing). */
  granted: boolean;
}

async function expectSuccess(cli: RunCli, args: string[]): Promise<CliRun> {
  const run = await cli(args);
  if (run.code !== 0) throw new Error(`npm run cli -- ${args.join(' ')} failed:\n${run.stderr || run.stdout}`);
  return run;
}

/** The prefix `keys:list` shows for a key: its first 11 characters. */
function listedAsActive(listing: string, apiKey: string): boolean {
  const prefix = `\t${apiKey.slice(0, 11)}…\t`;
  return listing.split('\n').some((line) => line.includes(prefix) && line.includes('\tactive\t'));
}

/**
 * The demo account, its credits, its key and its GitHub identity, through the operator CLI as an operator
 * would make them (the ledger's normal adjustment path, with an idempotency key). Idempotent: a second run
 * finds the stored key still active (so the account exists), replays the grant (no new credits), reuses the
 * key and finds the identity linked already.
 */
export async function prepareDemoAccount(cli: RunCli, dataDir: string): Promise<DemoAccount> {
  const keyFile = join(dataDir, DEMO_KEY_FILE);
  let apiKey = existsSync(keyFile) ? readFileSync(keyFile, 'utf8').trim() : '';
  // A key file without its account (the database was deleted, or the key revoked) is replaced.
  if (apiKey && !listedAsActive((await cli(['keys:list', '--account', DEMO_EMAIL])).stdout, apiKey)) apiKey = '';
  let created = false;
  if (!apiKey) {
    const made = await cli(['accounts:create', '--email', DEMO_EMAIL]);
    if (made.code !== 0 && !/already exists/.test(made.stderr)) {
      throw new Error(`npm run cli -- accounts:create failed:\n${made.stderr || made.stdout}`);
    }
    created = made.code === 0;
  }
  const grant = await expectSuccess(cli, [
    'credits:adjust',
    '--account',
    DEMO_EMAIL,
    '--amount',
    DEMO_CREDITS_USD,
    '--reason',
    'demo credits',
    '--idempotency-key',
    DEMO_CREDITS_KEY,
  ]);
  if (!apiKey) {
    const key = await expectSuccess(cli, ['keys:create', '--account', DEMO_EMAIL, '--name', 'demo']);
    apiKey = key.stdout.trim().split('\n').pop() ?? '';
    if (!/^vc-\S+$/.test(apiKey)) throw new Error(`keys:create printed no key:\n${key.stdout}`);
    writeFileSync(keyFile, `${apiKey}\n`, { mode: 0o600 });
    // The mode above applies only to a new file; an older one may have been created otherwise.
    chmodSync(keyFile, 0o600);
  }
  // Every run, not only the first: linking again changes nothing, and an older data directory gains the link.
  await expectSuccess(cli, [
    'identities:link',
    '--account',
    DEMO_EMAIL,
    '--provider',
    'github',
    '--subject',
    DEMO_GITHUB_USER.subject,
  ]);
  return { apiKey, keyFile, created, granted: !grant.stdout.startsWith('already applied') };
}
