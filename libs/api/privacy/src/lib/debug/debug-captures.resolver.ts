import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Access, CurrentPrincipal, Principal } from '@vipcloud/platform';
import { DebugCaptureModel } from './debug-capture.model';
import { DebugCapturesService, MAX_LISTED_CAPTURES } from './debug-captures.service';

@Resolver()
export class DebugCapturesResolver {
  constructor(private readonly captures: DebugCapturesService) {}

  @Access('user')
  @Query(() => [DebugCaptureModel], {
    description: `Your debug captures, newest first (the newest ${MAX_LISTED_CAPTURES}), decrypted for you alone.`,
  })
  myDebugCaptures(@CurrentPrincipal() principal: Principal): Promise<DebugCaptureModel[]> {
    return this.captures.listOwn(principal.accountId);
  }

  @Access('user')
  @Mutation(() => Boolean, { description: 'Deletes one of your debug captures; false if you have none of that id.' })
  deleteDebugCapture(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<boolean> {
    return this.captures.deleteOne(principal.accountId, id);
  }

  @Access('user')
  @Mutation(() => Int, { description: 'Deletes every debug capture of yours. Returns how many.' })
  deleteAllDebugCaptures(@CurrentPrincipal() principal: Principal): Promise<number> {
    return this.captures.deleteAll(principal.accountId);
  }
}
