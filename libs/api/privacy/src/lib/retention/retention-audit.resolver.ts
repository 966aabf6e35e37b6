import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { Access } from '@vipcloud/platform';
import { RetentionAuditEntryModel } from './retention-audit.model';
import { RetentionAuditRepository } from './retention-audit.repository';

const MAX_LIMIT = 1000;

@Resolver()
export class RetentionAuditResolver {
  constructor(private readonly audit: RetentionAuditRepository) {}

  @Access('admin')
  @Query(() => [RetentionAuditEntryModel], { description: 'The latest runs of the retention rules, newest first.' })
  async retentionAudit(
    @Args('limit', { type: () => Int, nullable: true, defaultValue: 100 }) limit: number | null,
  ): Promise<RetentionAuditEntryModel[]> {
    const take = Math.min(Math.max(limit ?? 100, 1), MAX_LIMIT);
    return (await this.audit.latest(take)).map(({ kind, rule, deleted, ranAt }) => ({ kind, rule, deleted, ranAt }));
  }
}
