import { Module } from '@nestjs/common';
import { AccountsModule } from '@vipcloud/accounts';
import { AbuseSignalsRepository } from './abuse-signals.repository';
import { AbuseSignalsRetention } from './abuse-signals.retention';
import { AbuseSignalsService } from './abuse-signals.service';
import { AbuseCasesPersonalData } from './cases/abuse-cases.personal-data';
import { AbuseCasesRepository } from './cases/abuse-cases.repository';
import { AbuseCasesResolver } from './cases/abuse-cases.resolver';
import { AbuseCasesRetention } from './cases/abuse-cases.retention';
import { AbuseCasesService } from './cases/abuse-cases.service';
import { AbuseCaseEventEntity } from './entities/abuse-case-event.entity';
import { AbuseCaseEntity } from './entities/abuse-case.entity';
import { AbuseReportEntity } from './entities/abuse-report.entity';
import { AbuseSignalEntity } from './entities/abuse-signal.entity';
import { ABUSE_PERSONAL_DATA } from './privacy/abuse.personal-data';

export const ABUSE_ENTITIES = [AbuseSignalEntity, AbuseCaseEntity, AbuseCaseEventEntity, AbuseReportEntity];

/** Abuse signals, reports, cases and support's decisions (which may suspend a key or an account). */
@Module({
  imports: [AccountsModule],
  providers: [
    AbuseSignalsRepository,
    AbuseSignalsService,
    AbuseSignalsRetention,
    AbuseCasesRepository,
    AbuseCasesService,
    AbuseCasesResolver,
    AbuseCasesRetention,
    AbuseCasesPersonalData,
    ...ABUSE_PERSONAL_DATA,
  ],
  exports: [AbuseSignalsService, AbuseCasesService],
})
export class AbuseModule {}
