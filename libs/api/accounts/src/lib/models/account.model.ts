import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum Role {
  USER = 'user',
  SUPPORT = 'support',
  ADMIN = 'admin',
}
registerEnumType(Role, { name: 'Role' });

@ObjectType('Account', { description: 'The signed-in account. Role and status are set by operators only.' })
export class AccountModel {
  @Field(() => ID)
  id!: string;

  @Field()
  email!: string;

  @Field(() => Role)
  role!: Role;

  @Field()
  createdAt!: Date;
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
