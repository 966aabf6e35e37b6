import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { RightsRequestStatus as Status, RightsRequestType as Type } from './rights-request.entity';

export enum RightsRequestTypeModel {
  ACCESS = 'ACCESS',
  EXPORT = 'EXPORT',
  CORRECTION = 'CORRECTION',
  DELETION = 'DELETION',
  OBJECTION = 'OBJECTION',
  CONSENT_WITHDRAWAL = 'CONSENT_WITHDRAWAL',
  UNDERAGE_REPORT = 'UNDERAGE_REPORT',
  OTHER = 'OTHER',
}
registerEnumType(RightsRequestTypeModel, { name: 'RightsRequestType' });

export enum RightsRequestStatusModel {
  OPEN = 'OPEN',
  IN_PROGRESS = 'IN_PROGRESS',
  COMPLETED = 'COMPLETED',
  REJECTED = 'REJECTED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(RightsRequestStatusModel, { name: 'RightsRequestStatus' });

// The stored values and GraphQL's are the same strings: a compile error here means they drifted apart.
const sameTypes: Record<Type, RightsRequestTypeModel> = RightsRequestTypeModel;
const sameStatuses: Record<Status, RightsRequestStatusModel> = RightsRequestStatusModel;
void sameTypes;
void sameStatuses;

@ObjectType('RightsRequest', { description: 'A data-protection request and where it stands; answered within 30 days.' })
export class RightsRequestModel {
  @Field(() => ID)
  id!: string;

  @Field(() => RightsRequestTypeModel)
  type!: RightsRequestTypeModel;

  @Field(() => RightsRequestStatusModel)
  status!: RightsRequestStatusModel;

  @Field()
  receivedAt!: Date;

  @Field({ description: '30 days after receipt.' })
  dueAt!: Date;

  @Field({ description: 'Past its due date without an answer.' })
  overdue!: boolean;

  @Field(() => Date, { nullable: true })
  closedAt!: Date | null;

  @Field(() => String, { nullable: true })
  description!: string | null;
}

@ObjectType('RightsRequestCase', { description: 'A rights request as support handles it.' })
export class RightsRequestCaseModel extends RightsRequestModel {
  @Field(() => String, { nullable: true, description: 'The email of the account it concerns, while it exists.' })
  accountEmail!: string | null;

  @Field(() => String, { nullable: true, description: 'The address a request by email came from.' })
  contactEmail!: string | null;

  @Field({ description: '"portal" or "email".' })
  source!: string;

  @Field(() => String, { nullable: true })
  note!: string | null;
}
