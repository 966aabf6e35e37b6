import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Controller, Get, Logger, Param, Res } from '@nestjs/common';
import { Access, CurrentPrincipal, type Principal } from '@vipcloud/platform';
import type { Response } from 'express';
import { DataExportsService } from './data-exports.service';

/** The download of a READY export, for its owner's session only (anyone else: 404). */
@Controller('privacy/exports')
export class DataExportController {
  private readonly logger = new Logger('DataExports');

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
    try {
      await pipeline(Readable.from(file.body), res);
    } catch (err) {
      // The answer has begun: nothing to send but the end (pipeline has closed it). Most often the
      // client went away; a database failure mid-file is worth a line.
      if ((err as { code?: string }).code !== 'ERR_STREAM_PREMATURE_CLOSE')
        this.logger.warn(`data export ${id} download broke off: ${err instanceof Error ? err.name : 'error'}`);
    }
  }
}
