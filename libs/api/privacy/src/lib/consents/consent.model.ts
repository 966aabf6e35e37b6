import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';

/** GraphQL's names for the stored kinds (the values are what the database holds). */
export enum ConsentKindModel {
  DEBUG_CAPTURES = 'debug_captures',
  PRODUCT_EMAILS = 'product_emails',
}
registerEnumType(ConsentKindModel, {
  name: 'ConsentKind',
  description: 'Optional processing that happens only with your consent.',
});

@ObjectType('Consent', { description: 'Your current answer for one kind of optional processing.' })
export class ConsentModel {
  @Field(() => ConsentKindModel)
  kind!: ConsentKindModel;

  @Field()
  granted!: boolean;

  @Field(() => String, { nullable: true, description: 'The privacy policy version in effect when you answered.' })
  policyVersion!: string | null;

  @Field(() => Date, { nullable: true, description: 'When you last changed it; null if you never answered.' })
  changedAt!: Date | null;
}
