import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Access, CurrentPrincipal, type Principal } from '@vipcloud/platform';
import type { RightsRequestEntity } from './rights-request.entity';
import {
  RightsRequestCaseModel,
  RightsRequestModel,
  RightsRequestStatusModel,
  RightsRequestTypeModel,
} from './rights-request.model';
import { RightsRequestCase, RightsRequestsService } from './rights-requests.service';

function toModel(r: RightsRequestEntity, overdue: boolean): RightsRequestModel {
  return {
    id: r.id,
    type: r.type as RightsRequestTypeModel,
    status: r.status as RightsRequestStatusModel,
    receivedAt: r.receivedAt,
    dueAt: r.dueAt,
    overdue,
    closedAt: r.closedAt,
    description: r.description,
  };
}

function toCaseModel({ request, overdue, accountEmail }: RightsRequestCase): RightsRequestCaseModel {
  return {
    ...toModel(request, overdue),
    accountEmail,
    contactEmail: request.contactEmail,
    source: request.source,
    note: request.note,
  };
}

/** The user's own rights requests, and support's queue of everyone's. */
@Resolver()
export class RightsRequestsResolver {
  constructor(private readonly rights: RightsRequestsService) {}

  @Access('user')
  @Query(() => [RightsRequestModel], { description: 'Your rights requests, newest first.' })
  async myRightsRequests(@CurrentPrincipal() principal: Principal): Promise<RightsRequestModel[]> {
    return (await this.rights.listOwn(principal.accountId)).map((r) => toModel(r, this.rights.isOverdue(r)));
  }

  @Access('user')
  @Mutation(() => RightsRequestModel, {
    description: 'Objects to processing of your data; support answers within 30 days.',
  })
  async objectToProcessing(
    @CurrentPrincipal() principal: Principal,
    @Args('description') description: string,
  ): Promise<RightsRequestModel> {
    const request = await this.rights.objectToProcessing(principal.accountId, description);
    return toModel(request, false);
  }

  @Access('support')
  @Query(() => [RightsRequestCaseModel], {
    description: 'Rights requests by due date, soonest first, overdue ones flagged; answered ones only when asked.',
  })
  async rightsRequestQueue(
    @Args('includeClosed', { type: () => Boolean, nullable: true, defaultValue: false }) includeClosed: boolean | null,
  ): Promise<RightsRequestCaseModel[]> {
    return (await this.rights.queue(includeClosed ?? false)).map(toCaseModel);
  }

  @Access('support')
  @Mutation(() => RightsRequestCaseModel, {
    description: 'Records a request that arrived by email; it is linked to the account with that address, if any.',
  })
  async recordRightsRequest(
    @Args('type', { type: () => RightsRequestTypeModel }) type: RightsRequestTypeModel,
    @Args('contactEmail') contactEmail: string,
    @Args('receivedAt') receivedAt: Date,
    @Args('description') description: string,
  ): Promise<RightsRequestCaseModel> {
    return toCaseModel(await this.rights.recordFromEmail({ type, contactEmail, receivedAt, description }));
  }

  @Access('support')
  @Mutation(() => RightsRequestCaseModel, { description: "Moves a request on, with support's note." })
  async updateRightsRequest(
    @Args('id', { type: () => ID }) id: string,
    @Args('status', { type: () => RightsRequestStatusModel }) status: RightsRequestStatusModel,
    @Args('note', { type: () => String, nullable: true }) note?: string | null,
  ): Promise<RightsRequestCaseModel> {
    return toCaseModel(await this.rights.update(id, status, note));
  }
}
