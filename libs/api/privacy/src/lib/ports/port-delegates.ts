import { Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { AccountLookup } from './account-lookup.port';
import { discoveredPort } from './discovered-port';
import { PrivacyMailer } from './privacy-mailer.port';
import { PrivacyPolicyVersion } from './privacy-policy-version.port';

/*
 * Privacy's ports are implemented by libs above it (notifications, legal, accounts), whose modules
 * privacy cannot import. These delegates stand under the ports' tokens in the global PrivacyModule, so
 * any lib (privacy included) injects the port itself, and forward each call to the implementation its
 * owning lib lists among its providers.
 */

@Injectable()
export class PrivacyMailerDelegate extends PrivacyMailer {
  private impl: PrivacyMailer | null = null;

  constructor(private readonly discovery: DiscoveryService) {
    super();
  }

  private target(): PrivacyMailer {
    this.impl ??= discoveredPort(this.discovery, PrivacyMailer, this);
    return this.impl;
  }

  exportReady(accountId: string, exportId: string, expiresAt: Date): Promise<void> {
    return this.target().exportReady(accountId, exportId, expiresAt);
  }

  confirmEmailChange(accountId: string, newEmail: string, confirmUrl: string): Promise<void> {
    return this.target().confirmEmailChange(accountId, newEmail, confirmUrl);
  }

  accountClosing(accountId: string, deleteAfter: Date): Promise<void> {
    return this.target().accountClosing(accountId, deleteAfter);
  }
}

@Injectable()
export class PrivacyPolicyVersionDelegate extends PrivacyPolicyVersion {
  private impl: PrivacyPolicyVersion | null = null;

  constructor(private readonly discovery: DiscoveryService) {
    super();
  }

  current(): string | null {
    this.impl ??= discoveredPort(this.discovery, PrivacyPolicyVersion, this);
    return this.impl.current();
  }
}

@Injectable()
export class AccountLookupDelegate extends AccountLookup {
  private impl: AccountLookup | null = null;

  constructor(private readonly discovery: DiscoveryService) {
    super();
  }

  private target(): AccountLookup {
    this.impl ??= discoveredPort(this.discovery, AccountLookup, this);
    return this.impl;
  }

  idByEmail(email: string): Promise<string | null> {
    return this.target().idByEmail(email);
  }

  emailsOf(accountIds: string[]): Promise<Map<string, string>> {
    return this.target().emailsOf(accountIds);
  }
}

export const PORT_DELEGATES = [
  { provide: PrivacyMailer, useClass: PrivacyMailerDelegate },
  { provide: PrivacyPolicyVersion, useClass: PrivacyPolicyVersionDelegate },
  { provide: AccountLookup, useClass: AccountLookupDelegate },
];
export const PORT_TOKENS = [PrivacyMailer, PrivacyPolicyVersion, AccountLookup];
