import { Field, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum AbuseCaseStatusFilter {
  OPEN = 'open',
  CLOSED = 'closed',
}
registerEnumType(AbuseCaseStatusFilter, { name: 'AbuseCaseStatus' });

@InputType('ReportAbuseInput', { description: 'A report of abuse of our service; anyone may send one.' })
export class ReportAbuseInput {
  @Field({
    description:
      'spam, fraud, malware, harmful_content, leaked_key, appeal (of a decision about your account) or other.',
  })
  category!: string;

  @Field({ description: 'What happened, 10 to 2,000 characters.' })
  description!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The key’s first 11 characters as shown in the portal, e.g. vc-AbCd1234. Never a whole key.',
  })
  keyPrefix?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'How to reach you, if you want an answer (at most 254 characters).',
  })
  contact?: string | null;
}

@ObjectType('AbuseReportReceipt')
export class AbuseReportReceiptModel {
  @Field(() => ID, { description: 'Quote it if you write to us about this report.' })
  reference!: string;

  @Field()
  receivedAt!: Date;
}

@ObjectType('AbuseSignal', { description: 'An event about an account that may indicate abuse: metadata only.' })
export class AbuseSignalModel {
  @Field(() => ID)
  id!: string;

  @Field()
  createdAt!: Date;

  @Field({ description: 'refusal, rate_limit, key_sharing or report.' })
  kind!: string;

  @Field(() => ID, { nullable: true })
  apiKeyId!: string | null;

  @Field(() => String, { nullable: true })
  model!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Which limit (rate_limit), how many networks (key_sharing), the category (report).',
  })
  detail!: string | null;
}

@ObjectType('AbuseCase')
export class AbuseCaseModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { nullable: true, description: 'The account it is about; null when a report named no key we know.' })
  accountId!: string | null;

  @Field(() => ID, { nullable: true })
  apiKeyId!: string | null;

  @Field()
  reason!: string;

  @Field()
  status!: string;

  @Field()
  openedAt!: Date;

  @Field(() => String, { nullable: true, description: 'dismiss, warn, suspend_key or suspend_account, once closed.' })
  decision!: string | null;

  @Field(() => Date, { nullable: true })
  closedAt!: Date | null;
}

@ObjectType('AbuseCaseEvent', { description: 'One action on a case: who, what, when.' })
export class AbuseCaseEventModel {
  @Field()
  at!: Date;

  @Field({ description: '`operator:<account id>` for support, `system` for the rules.' })
  actor!: string;

  @Field({ description: 'opened, note, dismiss, warn, suspend_key or suspend_account.' })
  action!: string;

  @Field(() => String, { nullable: true })
  note!: string | null;
}

@ObjectType('AbuseReport', { description: 'A report as support reads it.' })
export class AbuseReportModel {
  @Field(() => ID)
  id!: string;

  @Field()
  createdAt!: Date;

  @Field()
  category!: string;

  @Field()
  description!: string;

  @Field(() => String, { nullable: true })
  reportedKeyPrefix!: string | null;

  @Field(() => String, { nullable: true })
  reporterContact!: string | null;
}

@ObjectType('AbuseCaseFile', { description: 'A case with its audit trail, its reports and the account’s signals.' })
export class AbuseCaseFileModel {
  @Field(() => AbuseCaseModel)
  case!: AbuseCaseModel;

  @Field(() => String, { nullable: true, description: 'The account’s email; null when the case names none.' })
  accountEmail!: string | null;

  @Field(() => [AbuseCaseEventModel])
  events!: AbuseCaseEventModel[];

  @Field(() => [AbuseReportModel])
  reports!: AbuseReportModel[];

  @Field(() => [AbuseSignalModel])
  signals!: AbuseSignalModel[];
}

@ObjectType('AbuseDecision', { description: 'A decision support made about your account.' })
export class AbuseDecisionModel {
  @Field(() => ID)
  caseId!: string;

  @Field()
  reason!: string;

  @Field(() => String, { nullable: true })
  decision!: string | null;

  @Field(() => Date, { nullable: true })
  decidedAt!: Date | null;
}

@ObjectType('AbuseRecord', {
  description: 'What we recorded about your account: signals and decisions, never who reported.',
})
export class AbuseRecordModel {
  @Field(() => [AbuseSignalModel])
  signals!: AbuseSignalModel[];

  @Field(() => [AbuseDecisionModel])
  decisions!: AbuseDecisionModel[];
}

@InputType('DecideAbuseCaseInput')
export class DecideAbuseCaseInput {
  @Field(() => ID)
  caseId!: string;

  @Field({ description: 'dismiss, warn, suspend_key or suspend_account.' })
  decision!: string;

  @Field(() => String, { nullable: true })
  note?: string | null;
}
