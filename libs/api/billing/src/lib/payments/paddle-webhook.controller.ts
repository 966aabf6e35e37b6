import { Controller, Headers, HttpCode, Post, Req } from '@nestjs/common';
import { Access } from '@vipcloud/platform';
import type { Request } from 'express';
import { InvalidWebhookError } from './payments.errors';
import { NotificationOutcome, PaymentsService } from './payments.service';

/**
 * Paddle's notifications. The body arrives as raw bytes (the app mounts a raw parser on
 * /webhooks) because the signature covers the exact bytes sent. Anything but a 2xx makes Paddle
 * deliver again later, which is what we want when the database is unavailable.
 */
@Controller('webhooks')
export class PaddleWebhookController {
  constructor(private readonly payments: PaymentsService) {}

  @Access('public')
  @Post('paddle')
  @HttpCode(200)
  async paddle(
    @Req() req: Request,
    @Headers() headers: Record<string, string | string[] | undefined>,
  ): Promise<{ received: true; outcome: NotificationOutcome }> {
    if (!Buffer.isBuffer(req.body)) throw new InvalidWebhookError('the body is empty');
    return { received: true, outcome: await this.payments.receive(req.body, headers) };
  }
}
