import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Clock, InvalidRequestError } from '@vipcloud/platform';
import { AccountEntity, AccountRole } from '../entities/account.entity';

export const ROLES: readonly AccountRole[] = ['user', 'support', 'admin'];

type ProfileField = 'displayName' | 'avatarUrl' | 'adultConfirmedAt' | 'termsVersion' | 'termsAcceptedAt';
import { AccountsRepository } from './accounts.repository';
import {
  AccountExistsError,
  AccountNotFoundError,
  InvalidDisplayNameError,
  InvalidEmailError,
} from './accounts.errors';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** An email as accounts store it (trimmed, lower case), or InvalidEmailError. */
export function normalizeEmail(raw: string): string {
  const email = raw.trim().toLowerCase();
  if (!EMAIL.test(email) || email.length > 320) throw new InvalidEmailError();
  return email;
}
/** In characters (code points), so a Chinese name gets as many as an English one. */
export const DISPLAY_NAME_MAX_LENGTH = 100;

@Injectable()
export class AccountsService {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly clock: Clock,
  ) {}

  async create(rawEmail: string, profile: Partial<Pick<AccountEntity, ProfileField>> = {}): Promise<AccountEntity> {
    const account = await this.prepare(rawEmail, profile);
    await this.accounts.insert({ ...account });
    return account;
  }

  /** A validated new account, not yet stored (for callers that store it with other rows at once). */
  async prepare(rawEmail: string, profile: Partial<Pick<AccountEntity, ProfileField>> = {}): Promise<AccountEntity> {
    const email = normalizeEmail(rawEmail);
    if (await this.accounts.findByEmail(email)) throw new AccountExistsError(email);
    const account = Object.assign(new AccountEntity(), {
      id: randomUUID(),
      email,
      status: 'active',
      role: 'user',
      createdAt: this.clock.now(),
      displayName: profile.displayName?.slice(0, 200) ?? null,
      avatarUrl: profile.avatarUrl && profile.avatarUrl.length <= 1024 ? profile.avatarUrl : null,
      adultConfirmedAt: profile.adultConfirmedAt ?? null,
      termsVersion: profile.termsVersion ?? null,
      termsAcceptedAt: profile.termsAcceptedAt ?? null,
      closedAt: null,
      deleteAfter: null,
    });
    return account;
  }

  findByEmail(email: string): Promise<AccountEntity | null> {
    return this.accounts.findByEmail(email.trim().toLowerCase());
  }

  findById(id: string): Promise<AccountEntity | null> {
    return this.accounts.findById(id);
  }

  /** Finds an account by id or by email, as an operator would type either. */
  /** An account's email, or null when there is no such account (any more). */
  async emailOf(id: string): Promise<string | null> {
    return (await this.accounts.findById(id))?.email ?? null;
  }

  async resolve(ref: string): Promise<AccountEntity> {
    const account = ref.includes('@')
      ? await this.accounts.findByEmail(ref.trim().toLowerCase())
      : await this.accounts.findById(ref);
    if (!account) throw new AccountNotFoundError(ref);
    return account;
  }

  list(): Promise<AccountEntity[]> {
    return this.accounts.list();
  }

  /**
   * The owner's choice of the name the portal shows: trimmed; blank (or null) clears it. Control
   * characters (line breaks included) are refused rather than stripped, so what is stored is what was typed.
   */
  async setDisplayName(account: AccountEntity, raw: string | null): Promise<AccountEntity> {
    const name = raw?.trim() || null;
    if (name !== null && [...name].length > DISPLAY_NAME_MAX_LENGTH)
      throw new InvalidDisplayNameError(`A display name can be at most ${DISPLAY_NAME_MAX_LENGTH} characters.`);
    if (name !== null && /\p{Cc}/u.test(name))
      throw new InvalidDisplayNameError('A display name cannot contain line breaks or control characters.');
    // Recorded as a profile change (the field and when, never the value) only when it changed.
    if (name !== account.displayName) await this.accounts.setDisplayName(account.id, name, this.clock.now());
    return { ...account, displayName: name };
  }

  /** Operators only: suspends or reactivates an account. Suspension ends its sessions too (see SessionsService). */
  async setStatus(ref: string, status: 'active' | 'suspended'): Promise<AccountEntity> {
    const account = await this.resolve(ref);
    await this.accounts.update(account.id, { status });
    return { ...account, status };
  }

  /** Operators only (CLI): an account's owner can never change their own role. */
  async setRole(ref: string, role: AccountRole): Promise<AccountEntity> {
    if (!ROLES.includes(role))
      throw new InvalidRequestError(`The role must be one of ${ROLES.join(', ')}.`, 'role', 'invalid_value');
    const account = await this.resolve(ref);
    await this.accounts.update(account.id, { role });
    return { ...account, role };
  }
}
