import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('RetentionAuditEntry', {
  description: 'One run of a retention rule: what kind of data, and how many records went.',
})
export class RetentionAuditEntryModel {
  @Field({ description: 'The kind of data (`gateway.request-metadata`).' })
  kind!: string;

  @Field({ description: 'How long that kind is kept.' })
  rule!: string;

  @Field(() => Int)
  deleted!: number;

  @Field()
  ranAt!: Date;
}
