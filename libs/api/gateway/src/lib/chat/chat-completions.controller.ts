import { performance } from 'node:perf_hooks';
import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { AuthenticatedRequest } from '@vipcloud/accounts';
import { Access, serverTimingOf, truncateIp } from '@vipcloud/platform';
import type { Response } from 'express';
import { ChatCompletionsService } from './chat-completions.service';
import { parseChatRequest } from './chat-request.parser';
import { ClientSink } from './client-sink';

@Controller('v1')
@Access('api-key')
export class ChatCompletionsController {
  constructor(private readonly chat: ChatCompletionsService) {}

  @Post('chat/completions')
  @HttpCode(200)
  async create(@Body() body: unknown, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    const request = parseChatRequest(body);
    await this.chat.complete(
      request,
      {
        requestId: String(req.id),
        auth: req.auth,
        clientIp: truncateIp(req.ip),
        startedAt: performance.now(),
        timing: serverTimingOf(res),
      },
      new ClientSink(res),
    );
  }
}
