import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Controller, Get, Param, Res } from '@nestjs/common';
import { Access, CurrentPrincipal, type Principal } from '@vipcloud/platform';
import type { Response } from 'express';
import { DataExportsService } from './data-exports.service';

/** The download of a READY export, for its owner's session only (anyone else: 404). */
@Controller('privacy/exports')
export class DataExportController {
  constructor(private readonly exports: DataExportsService) {}

  @Access('user')
  @Get(':id/download')
  async download(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Res() res: Response,
  ): Promise<void> {
    const file = await this.exports.download(principal.accountId, id);
    res.status(200);
    res.setHeader('Content-Type', 'application/zip');
    res.setHeader('Content-Disposition', `attachment; filename="${file.fileName}"`);
    res.setHeader('Content-Length', String(file.sizeBytes));
    // Personal data: no shared cache keeps a copy, and the browser keeps none either.
    res.setHeader('Cache-Control', 'private, no-store');
    await pipeline(Readable.from(file.body), res);
  }
}
