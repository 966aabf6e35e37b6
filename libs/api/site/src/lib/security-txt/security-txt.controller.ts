import { Controller, Get, Header } from '@nestjs/common';
import { Access } from '@vipcloud/platform';
import { SecurityTxtService } from './security-txt.service';

/** Where researchers find whom to tell about a vulnerability; anyone may read it. */
@Controller('.well-known')
@Access('public')
export class SecurityTxtController {
  constructor(private readonly service: SecurityTxtService) {}

  @Get('security.txt')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  // Its Expires moves with every request: a cached copy would age toward expiry.
  @Header('Cache-Control', 'no-cache')
  securityTxt(): string {
    return this.service.render();
  }
}
