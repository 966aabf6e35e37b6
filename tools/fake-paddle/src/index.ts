/**
 * A fake of Paddle Billing for end-to-end tests: its API on loopback (transactions, adjustments,
 * invoice links, the event log) and builders for the notifications Paddle sends.
 */
export { startFakePaddle } from './fake-paddle.server';
export type { FakePaddleOptions } from './fake-paddle.server';
export { adjustment, completedTransaction, paddleEvent } from './paddle-events';
export type {
  EventListing,
  FakePaddle,
  PaddleAdjustmentRequest,
  PaddleEventEnvelope,
  PaddleInlinePrice,
  PaddleTransactionItem,
  PaddleTransactionRequest,
  Recorded,
} from './fake-paddle.types';
