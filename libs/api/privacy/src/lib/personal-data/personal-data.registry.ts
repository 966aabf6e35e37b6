import { Injectable, Logger } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { PersonalDataSource } from '../ports/personal-data-source.port';
import { providersOf } from './provider-discovery';

/** The personal data sources of every feature lib in this process (see PersonalDataSource). */
@Injectable()
export class PersonalDataRegistry {
  private found: PersonalDataSource[] | null = null;

  constructor(private readonly discovery: DiscoveryService) {}

  /** Every source, in erase order (ties by kind, so the order is stable). */
  sources(): PersonalDataSource[] {
    // Looked up on first use, after every module's providers exist.
    this.found ??= providersOf(this.discovery, PersonalDataSource).sort(
      (a, b) => a.eraseOrder - b.eraseOrder || a.kind.localeCompare(b.kind),
    );
    return this.found;
  }

  /**
   * Erases everything every source holds about the account, in erase order. Each source is
   * idempotent, so an erasure that failed half-way is simply run again.
   */
  async eraseAll(accountId: string): Promise<Map<string, number>> {
    const erased = new Map<string, number>();
    for (const source of this.sources()) {
      erased.set(source.kind, await source.erase(accountId));
    }
    Logger.log(`personal data of ${accountId} erased from ${erased.size} source(s)`, 'Privacy');
    return erased;
  }
}
