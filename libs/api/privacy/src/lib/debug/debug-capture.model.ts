import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('DebugCapture', {
  description:
    'A request kept at its owner’s asking (header X-VIPCloud-Debug: 1, with the debug captures consent): ' +
    'encrypted at rest, shown only to its owner, deleted at expiresAt.',
})
export class DebugCaptureModel {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'The request’s id (its X-Request-Id header).' })
  requestId!: string;

  @Field()
  model!: string;

  @Field()
  createdAt!: Date;

  @Field()
  expiresAt!: Date;

  @Field({ description: 'The request’s messages, as JSON.' })
  prompt!: string;

  @Field({ description: 'The answer’s text (assembled from the stream for a streamed request).' })
  completion!: string;
}
