import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser, SessionUser } from '@vipcloud/accounts';
import { Access } from '@vipcloud/platform';
import { LedgerService } from '../ledger/ledger.service';
import { parseAmountInput } from '../money';
import { CreditPacksService, parsePrice } from '../packs/credit-packs.service';
import { PaymentsService } from '../payments/payments.service';
import {
  AdjustCreditsInput,
  CreditBalanceModel,
  CreditPackInput,
  CreditPackModel,
  CreditPackUpdateInput,
  LedgerEntryModel,
  PurchaseModel,
  PurchasePageModel,
} from './billing.models';
import {
  nextCursor,
  pageSize,
  toBalanceModel,
  toLedgerEntryModel,
  toPackModel,
  toPurchaseModel,
} from './billing.mappers';

const operator = (user: SessionUser): string => `operator:${user.account.id}`;

/** Operators: balances, grants and corrections, refunds, and the packs on sale. */
@Resolver()
export class BillingAdminResolver {
  constructor(
    private readonly ledger: LedgerService,
    private readonly packs: CreditPacksService,
    private readonly payments: PaymentsService,
  ) {}

  @Access('support')
  @Query(() => CreditBalanceModel, { description: "An account's balance (support and admin)." })
  async accountCreditBalance(@Args('accountId', { type: () => ID }) accountId: string): Promise<CreditBalanceModel> {
    const { balance, held } = await this.ledger.available(accountId);
    return toBalanceModel(balance, held);
  }

  @Access('support')
  @Query(() => PurchasePageModel, { description: "An account's purchases, newest first (support and admin)." })
  async accountPurchases(
    @Args('accountId', { type: () => ID }) accountId: string,
    @Args('first', { type: () => Int, defaultValue: 20 }) first: number,
    @Args('after', { type: () => ID, nullable: true }) after?: string,
  ): Promise<PurchasePageModel> {
    const limit = pageSize(first);
    const rows = await this.payments.purchases(accountId, limit, after);
    return { purchases: rows.map(toPurchaseModel), nextCursor: nextCursor(rows, limit) };
  }

  @Access('admin')
  @Mutation(() => LedgerEntryModel, {
    description: 'Grants (positive) or corrects (negative) credits, exactly once per idempotency key.',
  })
  async adjustCredits(
    @CurrentUser() user: SessionUser,
    @Args('input') input: AdjustCreditsInput,
  ): Promise<LedgerEntryModel> {
    const { entry } = await this.ledger.adjust({
      accountId: input.accountId,
      amountMicros: parseAmountInput(input.amount),
      reason: input.reason,
      actor: operator(user),
      idempotencyKey: input.idempotencyKey,
    });
    return toLedgerEntryModel(entry);
  }

  @Access('admin')
  @Mutation(() => PurchaseModel, {
    description: 'Asks the processor to refund a purchase in full; the credits are taken back when it confirms.',
  })
  async refundPurchase(
    @Args('purchaseId', { type: () => ID }) purchaseId: string,
    @Args('reason') reason: string,
  ): Promise<PurchaseModel> {
    return toPurchaseModel(await this.payments.requestRefund(purchaseId, reason));
  }

  @Access('admin')
  @Query(() => [CreditPackModel], { description: 'Every credit pack, on sale or not.' })
  async allCreditPacks(): Promise<CreditPackModel[]> {
    return (await this.packs.list(true)).map(toPackModel);
  }

  @Access('admin')
  @Mutation(() => CreditPackModel)
  async createCreditPack(@Args('input') input: CreditPackInput): Promise<CreditPackModel> {
    return toPackModel(
      await this.packs.create({
        name: input.name,
        creditsMicros: parseAmountInput(input.credits, 'credits'),
        priceMinor: parsePrice(input.price),
        currency: input.currency,
        processorPriceId: input.processorPriceId ?? null,
        sortOrder: input.sortOrder ?? undefined,
      }),
    );
  }

  @Access('admin')
  @Mutation(() => CreditPackModel, { description: 'Edits a pack; purchases already made keep what they bought.' })
  async updateCreditPack(
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: CreditPackUpdateInput,
  ): Promise<CreditPackModel> {
    return toPackModel(
      await this.packs.update(id, {
        name: input.name ?? undefined,
        creditsMicros: input.credits == null ? undefined : parseAmountInput(input.credits, 'credits'),
        priceMinor: input.price == null ? undefined : parsePrice(input.price),
        currency: input.currency ?? undefined,
        processorPriceId: input.processorPriceId,
        active: input.active ?? undefined,
        sortOrder: input.sortOrder ?? undefined,
      }),
    );
  }
}
