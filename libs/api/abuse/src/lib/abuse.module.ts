import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AbuseSignalsRepository } from './abuse-signals.repository';
import { AbuseSignalsService } from './abuse-signals.service';
import { AbuseSignalEntity } from './entities/abuse-signal.entity';

export const ABUSE_ENTITIES = [AbuseSignalEntity];

@Module({
  imports: [TypeOrmModule.forFeature(ABUSE_ENTITIES)],
  providers: [AbuseSignalsRepository, AbuseSignalsService],
  exports: [AbuseSignalsService],
})
export class AbuseModule {}
