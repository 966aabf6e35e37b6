import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { AuthenticatedRequest } from '@vipcloud/accounts';
import { Access } from '@vipcloud/platform';
import type { Response } from 'express';
import { DebugCaptureHook } from '../debug/debug-capture.hook';
import { ChatCompletionsService } from './chat-completions.service';
import { serveChatCompletion } from './chat-completions.route';

/**
 * Declares /v1/chat/completions and its policy. Requests reach `chatCompletionsRoute` first, mounted ahead of
 * Nest's router by the app factory; this handler runs the same work wherever that route is not mounted.
 */
@Controller('v1')
@Access('api-key')
export class ChatCompletionsController {
  constructor(
    private readonly chat: ChatCompletionsService,
    private readonly debug: DebugCaptureHook,
  ) {}

  @Post('chat/completions')
  @HttpCode(200)
  async create(@Body() body: unknown, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    await serveChatCompletion(this.chat, body, req, req.auth, res, this.debug);
  }
}
