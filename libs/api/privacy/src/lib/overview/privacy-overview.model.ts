import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('PersonalDataField')
export class PersonalDataFieldModel {
  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  value!: string | null;
}

@ObjectType('PersonalDataEntry', {
  description: 'One record, as flat fields (never a secret: no hash, token or ciphertext).',
})
export class PersonalDataEntryModel {
  @Field(() => [PersonalDataFieldModel])
  fields!: PersonalDataFieldModel[];
}

@ObjectType('PersonalDataKind')
export class PersonalDataKindModel {
  @Field({ description: 'The kind of data, `<lib>.<kind>` (`accounts.sessions`).' })
  kind!: string;

  @Field(() => Int)
  count!: number;

  @Field(() => [PersonalDataEntryModel], { description: 'The newest few, newest first.' })
  newest!: PersonalDataEntryModel[];
}

@ObjectType('PersonalDataGroup', { description: 'One group of the privacy policy\'s "What we collect" table.' })
export class PersonalDataGroupModel {
  @Field({ description: 'identity, authentication, sessions, requestMetadata, billing, abuse, consents, …' })
  category!: string;

  @Field(() => [PersonalDataKindModel])
  kinds!: PersonalDataKindModel[];
}
