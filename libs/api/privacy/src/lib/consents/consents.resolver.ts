import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Access, CurrentPrincipal, type Principal } from '@vipcloud/platform';
import { ConsentKindModel, ConsentModel } from './consent.model';
import { ConsentState, ConsentsService } from './consents.service';

function toModel(state: ConsentState): ConsentModel {
  return { ...state, kind: state.kind as ConsentKindModel };
}

@Resolver(() => ConsentModel)
export class ConsentsResolver {
  constructor(private readonly consents: ConsentsService) {}

  @Access('user')
  @Query(() => [ConsentModel], { description: 'Your answer for each kind of optional processing.' })
  async myConsents(@CurrentPrincipal() principal: Principal): Promise<ConsentModel[]> {
    return (await this.consents.list(principal.accountId)).map(toModel);
  }

  @Access('user')
  @Mutation(() => ConsentModel, {
    description: 'Gives or withdraws a consent; a withdrawal stops that processing from the next request on.',
  })
  async setConsent(
    @CurrentPrincipal() principal: Principal,
    @Args('kind', { type: () => ConsentKindModel }) kind: ConsentKindModel,
    @Args('granted') granted: boolean,
  ): Promise<ConsentModel> {
    return toModel(await this.consents.set(principal.accountId, kind, granted));
  }
}
