import { Module } from '@nestjs/common';
import { AbuseSignalsRepository } from './abuse-signals.repository';
import { AbuseSignalsService } from './abuse-signals.service';
import { AbuseSignalEntity } from './entities/abuse-signal.entity';

export const ABUSE_ENTITIES = [AbuseSignalEntity];

@Module({
  providers: [AbuseSignalsRepository, AbuseSignalsService],
  exports: [AbuseSignalsService],
})
export class AbuseModule {}
