import { Module } from '@nestjs/common';
import { AbuseSignalsRepository } from './abuse-signals.repository';
import { AbuseSignalsService } from './abuse-signals.service';
import { AbuseSignalEntity } from './entities/abuse-signal.entity';
import { ABUSE_PERSONAL_DATA } from './privacy/abuse.personal-data';

export const ABUSE_ENTITIES = [AbuseSignalEntity];

@Module({
  providers: [AbuseSignalsRepository, AbuseSignalsService, ...ABUSE_PERSONAL_DATA],
  exports: [AbuseSignalsService],
})
export class AbuseModule {}
