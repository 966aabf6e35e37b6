import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum Role {
  USER = 'user',
  SUPPORT = 'support',
  ADMIN = 'admin',
}
registerEnumType(Role, { name: 'Role' });

@ObjectType('TermsAcceptance', { description: 'A Terms of Service version the account must accept, and what changed.' })
export class TermsAcceptanceModel {
  @Field({ description: 'The current version: the one acceptTerms takes.' })
  version!: string;

  @Field({ description: 'The material version whose changes call for acceptance (usually `version` itself).' })
  materialVersion!: string;

  @Field({ description: 'The day (UTC) the material version took effect, YYYY-MM-DD.' })
  effective!: string;

  @Field({ description: 'What changed, in one or two sentences (English).' })
  summary!: string;

  @Field({ description: "The site's page showing what changed, e.g. /legal/terms/2026-11-28/changes." })
  changesPath!: string;
}

@ObjectType('Account', { description: 'The signed-in account. Role and status are set by operators only.' })
export class AccountModel {
  @Field(() => ID)
  id!: string;

  @Field()
  email!: string;

  @Field(() => String, {
    nullable: true,
    description: "The name the portal shows; from the sign-in provider's profile until the user changes it.",
  })
  displayName!: string | null;

  @Field(() => Role)
  role!: Role;

  @Field()
  createdAt!: Date;

  @Field(() => TermsAcceptanceModel, {
    nullable: true,
    description:
      'Set when a material new version of the Terms of Service took effect after the version this account accepted: ' +
      'the portal asks the user to accept it (acceptTerms). API keys keep working meanwhile.',
  })
  termsAcceptanceRequired!: TermsAcceptanceModel | null;
}

@ObjectType('Session', { description: 'A signed-in browser. Its token is never shown.' })
export class SessionModel {
  @Field(() => ID)
  id!: string;

  @Field()
  createdAt!: Date;

  @Field()
  lastSeenAt!: Date;

  @Field()
  expiresAt!: Date;

  @Field(() => String, { nullable: true, description: 'The browser’s User-Agent, shortened.' })
  device!: string | null;

  @Field(() => String, { nullable: true, description: 'Truncated: IPv4 /24, IPv6 /48.' })
  ipPrefix!: string | null;

  @Field({ description: 'Whether this is the session making the request.' })
  current!: boolean;
}
