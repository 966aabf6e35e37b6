import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';

const USD = 'USD as an exact decimal string with 6 decimals (credits are micro-USD).';

@ObjectType('CreditBalance')
export class CreditBalanceModel {
  @Field({ description: `The balance: ${USD}` })
  balance!: string;

  @Field({
    description: `Reserved for requests: those in flight, and what the gateway set aside to admit them (given back after a few idle seconds). ${USD}`,
  })
  held!: string;

  @Field({ description: `What new requests may use: balance − held. ${USD}` })
  available!: string;
}

@ObjectType('LedgerEntry', {
  description:
    'A change of the balance: a purchase, refund or adjustment, or the usage of one model at one price in one UTC hour (which grows while that hour is open). Entries are never deleted; corrections are new entries.',
})
export class LedgerEntryModel {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'purchase, usage, refund, adjustment, chargeback or reversal.' })
  kind!: string;

  @Field({ description: `Signed: credits are positive, debits negative. ${USD}` })
  amount!: string;

  @Field({ description: `The balance right after this entry. ${USD}` })
  balanceAfter!: string;

  @Field()
  reason!: string;

  @Field(() => String, {
    nullable: true,
    description: 'For usage: the model and its price at the start of the request, micro-USD per 1M tokens.',
  })
  priceSnapshot!: string | null;

  @Field()
  createdAt!: Date;
}

@ObjectType('LedgerPage')
export class LedgerPageModel {
  @Field(() => [LedgerEntryModel], { description: 'Newest first.' })
  entries!: LedgerEntryModel[];

  @Field(() => ID, { nullable: true, description: 'Pass as `after` for the next page; null on the last page.' })
  nextCursor!: string | null;
}

@ObjectType('CreditPack')
export class CreditPackModel {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field({ description: `Credits granted. ${USD}` })
  credits!: string;

  @Field({ description: 'The price in `currency`, a decimal string with 2 decimals, tax exclusive.' })
  price!: string;

  @Field({ description: 'USD or CNY.' })
  currency!: string;

  @Field()
  active!: boolean;

  @Field(() => Int)
  sortOrder!: number;
}

@ObjectType('Checkout', {
  description: "Open the processor's checkout for `transactionId` (Paddle.js) or go to `checkoutUrl`.",
})
export class CheckoutModel {
  @Field(() => ID)
  purchaseId!: string;

  @Field()
  transactionId!: string;

  @Field(() => String, { nullable: true })
  checkoutUrl!: string | null;
}

@ObjectType('CheckoutSettings', {
  description:
    "How the portal opens the payment processor's checkout (Paddle.js). Null when buying is not offered here.",
})
export class CheckoutSettingsModel {
  @Field({ description: 'paddle.' })
  processor!: string;

  @Field({ description: 'Paddle.js, the one script from another origin the checkout page loads.' })
  scriptUrl!: string;

  @Field({ description: "Paddle's client-side token (safe to publish)." })
  clientToken!: string;

  @Field({ description: 'sandbox or production.' })
  environment!: string;
}

@ObjectType('Purchase')
export class PurchaseModel {
  @Field(() => ID)
  id!: string;

  @Field()
  packName!: string;

  @Field({ description: `Credits bought. ${USD}` })
  credits!: string;

  @Field({ description: 'The pack price in `currency` (2 decimals).' })
  amount!: string;

  @Field({ nullable: true, description: 'What was charged in all, tax included (2 decimals), once completed.' })
  paid?: string;

  @Field()
  currency!: string;

  @Field({ description: 'pending, completed, partially_refunded, refunded or charged_back.' })
  status!: string;

  @Field({ description: `Credits taken back by refunds or chargebacks. ${USD}` })
  creditsReversed!: string;

  @Field()
  receiptNumber!: string;

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  completedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  refundRequestedAt!: Date | null;
}

@ObjectType('PurchasePage')
export class PurchasePageModel {
  @Field(() => [PurchaseModel], { description: 'Newest first.' })
  purchases!: PurchaseModel[];

  @Field(() => ID, { nullable: true })
  nextCursor!: string | null;
}

@ObjectType('Receipt', {
  description: 'A receipt for one purchase. Paddle, as merchant of record, also issues the tax invoice.',
})
export class ReceiptModel {
  @Field()
  number!: string;

  @Field()
  issuedAt!: Date;

  @Field()
  seller!: string;

  @Field()
  description!: string;

  @Field({ description: `Credits bought. ${USD}` })
  credits!: string;

  @Field({ description: 'Subtotal in `currency` (2 decimals).' })
  subtotal!: string;

  @Field({ description: 'Tax in `currency` (2 decimals).' })
  tax!: string;

  @Field({ description: 'Total charged in `currency` (2 decimals).' })
  total!: string;

  @Field()
  currency!: string;

  @Field()
  paymentProcessor!: string;

  @Field()
  processorTransactionId!: string;

  @Field()
  status!: string;

  @Field(() => String, { nullable: true, description: "The processor's invoice PDF, when it has one." })
  invoiceUrl!: string | null;
}

@ObjectType('LowBalanceAlert')
export class LowBalanceAlertModel {
  @Field(() => String, {
    nullable: true,
    description: `An email is sent each time the balance falls under this. ${USD} Null: no alert.`,
  })
  threshold!: string | null;
}

@InputType()
export class AdjustCreditsInput {
  @Field(() => ID)
  accountId!: string;

  @Field({ description: 'Signed USD amount, up to 6 decimals, e.g. "10.00" or "-2.5".' })
  amount!: string;

  @Field()
  reason!: string;

  @Field({
    description: 'The same key with the same request returns the first result; with a different request it is refused.',
  })
  idempotencyKey!: string;
}

@InputType()
export class CreditPackInput {
  @Field()
  name!: string;

  @Field({ description: 'Credits granted, USD with up to 6 decimals.' })
  credits!: string;

  @Field({ description: 'Price in `currency`, up to 2 decimals, tax exclusive.' })
  price!: string;

  @Field()
  currency!: string;

  @Field(() => String, { nullable: true, description: "A price id in the processor's catalog (optional)." })
  processorPriceId?: string | null;

  @Field(() => Int, { nullable: true })
  sortOrder?: number | null;
}

@InputType()
export class CreditPackUpdateInput {
  @Field({ nullable: true })
  name?: string;

  @Field({ nullable: true })
  credits?: string;

  @Field({ nullable: true })
  price?: string;

  @Field({ nullable: true })
  currency?: string;

  @Field(() => String, { nullable: true })
  processorPriceId?: string | null;

  @Field({ nullable: true })
  active?: boolean;

  @Field(() => Int, { nullable: true })
  sortOrder?: number | null;
}
