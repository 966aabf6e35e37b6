import { signPaddleBody } from '@vipcloud/billing';
import request from 'supertest';

/** Posts a notification signed like Paddle (`ts=…;h1=HMAC-SHA256(secret, ts:body)`). */
export function deliverPaddle(
  baseUrl: string,
  body: string,
  secret: string,
  tsSeconds = Math.floor(Date.now() / 1000),
): request.Test {
  return request(baseUrl)
    .post('/webhooks/paddle')
    .set('content-type', 'application/json')
    .set('paddle-signature', signPaddleBody(body, secret, tsSeconds))
    .send(body);
}
