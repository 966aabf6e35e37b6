import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser, SessionUser } from '@vipcloud/accounts';
import { Access } from '@vipcloud/platform';
import { LowBalanceService } from '../alerts/low-balance.service';
import { LedgerService } from '../ledger/ledger.service';
import { parseAmountInput, formatAmount } from '../money';
import { CreditPacksService } from '../packs/credit-packs.service';
import { ReceiptNotReadyError } from '../payments/payments.errors';
import { PaymentsService } from '../payments/payments.service';
import { InvalidAmountError } from '../ledger/ledger.errors';
import { BillingConfig, InjectBillingConfig } from '../billing.config';
import {
  CheckoutModel,
  CheckoutSettingsModel,
  CreditBalanceModel,
  CreditPackModel,
  LedgerPageModel,
  LowBalanceAlertModel,
  PurchaseModel,
  PurchasePageModel,
  ReceiptModel,
} from './billing.models';
import {
  nextCursor,
  pageSize,
  toBalanceModel,
  toLedgerEntryModel,
  toPackModel,
  toPurchaseModel,
  toReceiptModel,
} from './billing.mappers';

/** The signed-in owner's credits, purchases and alerts; every id is checked against their account. */
@Resolver()
export class BillingResolver {
  constructor(
    private readonly ledger: LedgerService,
    private readonly packs: CreditPacksService,
    private readonly payments: PaymentsService,
    private readonly lowBalance: LowBalanceService,
    @InjectBillingConfig() private readonly config: BillingConfig,
  ) {}

  @Access('user')
  @Query(() => CheckoutSettingsModel, {
    nullable: true,
    description: "How the portal opens the processor's checkout; null when buying credits is not offered here.",
  })
  checkoutSettings(): CheckoutSettingsModel | null {
    // Decided once from the settings (both the API key and the client-side token): see billing.config.ts.
    return this.config.checkout ? { ...this.config.checkout } : null;
  }

  @Access('user')
  @Query(() => CreditBalanceModel, {
    description: 'Your balance, what is reserved for requests, and what is available.',
  })
  async creditBalance(@CurrentUser() user: SessionUser): Promise<CreditBalanceModel> {
    const { balance, held } = await this.ledger.available(user.account.id);
    return toBalanceModel(balance, held);
  }

  @Access('user')
  @Query(() => LedgerPageModel, { description: 'Your ledger, newest first.' })
  async ledgerEntries(
    @CurrentUser() user: SessionUser,
    @Args('first', { type: () => Int, defaultValue: 20 }) first: number,
    @Args('after', { type: () => ID, nullable: true }) after?: string,
  ): Promise<LedgerPageModel> {
    const limit = pageSize(first);
    const entries = await this.ledger.entries(user.account.id, limit, after);
    return { entries: entries.map(toLedgerEntryModel), nextCursor: nextCursor(entries, limit) };
  }

  @Access('public')
  @Query(() => [CreditPackModel], { description: 'The credit packs on sale.' })
  async creditPacks(): Promise<CreditPackModel[]> {
    return (await this.packs.list()).map(toPackModel);
  }

  @Access('user')
  @Mutation(() => CheckoutModel, {
    description:
      "Starts buying a pack: a processor transaction carrying your account, opened in the processor's checkout.",
  })
  async startCheckout(
    @CurrentUser() user: SessionUser,
    @Args('packId', { type: () => ID }) packId: string,
  ): Promise<CheckoutModel> {
    const checkout = await this.payments.startCheckout(user.account.id, packId);
    return {
      purchaseId: checkout.purchase.id,
      transactionId: checkout.transactionId,
      checkoutUrl: checkout.checkoutUrl,
    };
  }

  @Access('user')
  @Query(() => PurchasePageModel, { description: 'Your purchases, newest first.' })
  async myPurchases(
    @CurrentUser() user: SessionUser,
    @Args('first', { type: () => Int, defaultValue: 20 }) first: number,
    @Args('after', { type: () => ID, nullable: true }) after?: string,
  ): Promise<PurchasePageModel> {
    const limit = pageSize(first);
    const rows = await this.payments.purchases(user.account.id, limit, after);
    return { purchases: rows.map(toPurchaseModel), nextCursor: nextCursor(rows, limit) };
  }

  @Access('user')
  @Query(() => PurchaseModel)
  async purchase(@CurrentUser() user: SessionUser, @Args('id', { type: () => ID }) id: string): Promise<PurchaseModel> {
    return toPurchaseModel(await this.payments.ownPurchase(user.account.id, id));
  }

  @Access('user')
  @Query(() => ReceiptModel, { description: 'The receipt of one of your paid purchases.' })
  async receipt(
    @CurrentUser() user: SessionUser,
    @Args('purchaseId', { type: () => ID }) purchaseId: string,
  ): Promise<ReceiptModel> {
    const purchase = await this.payments.ownPurchase(user.account.id, purchaseId);
    if (purchase.status === 'pending') throw new ReceiptNotReadyError();
    return toReceiptModel(purchase, await this.payments.invoiceUrl(purchase));
  }

  @Access('user')
  @Query(() => LowBalanceAlertModel)
  async lowBalanceAlert(@CurrentUser() user: SessionUser): Promise<LowBalanceAlertModel> {
    const threshold = await this.lowBalance.threshold(user.account.id);
    return { threshold: threshold === null ? null : formatAmount(threshold) };
  }

  @Access('user')
  @Mutation(() => LowBalanceAlertModel, {
    description: 'Sets the low-balance alert threshold (USD); null turns the alert off.',
  })
  async setLowBalanceAlert(
    @CurrentUser() user: SessionUser,
    @Args('threshold', { type: () => String, nullable: true }) threshold: string | null,
  ): Promise<LowBalanceAlertModel> {
    const micros = threshold === null ? null : parseAmountInput(threshold, 'threshold');
    if (micros !== null && micros <= 0)
      throw new InvalidAmountError('The threshold must be more than zero.', 'threshold');
    await this.lowBalance.setThreshold(user.account.id, micros, await this.ledger.balance(user.account.id));
    return { threshold: micros === null ? null : formatAmount(micros) };
  }
}
