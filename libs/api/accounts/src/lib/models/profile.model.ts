import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType('ProfileChange', { description: 'That a profile field changed, and when; never the old or new value.' })
export class ProfileChangeModel {
  @Field({ description: '`displayName` or `email`.' })
  field!: string;

  @Field()
  changedAt!: Date;
}

@ObjectType('PendingEmailChange', {
  description: 'A new email waiting for the link sent to it; the account keeps its old email until then.',
})
export class PendingEmailChangeModel {
  @Field()
  email!: string;

  @Field()
  requestedAt!: Date;

  @Field({ description: 'After this the link no longer works; ask again.' })
  expiresAt!: Date;
}

@ObjectType('AccountClosure', {
  description: 'A closed account: it is erased after `deleteAfter` unless its owner signs in before then.',
})
export class AccountClosureModel {
  @Field()
  closedAt!: Date;

  @Field()
  deleteAfter!: Date;
}
