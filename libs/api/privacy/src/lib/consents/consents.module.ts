import { Module } from '@nestjs/common';
import { PrivacyPortsModule } from '../ports/privacy-ports.module';
import { RightsModule } from '../rights/rights.module';
import { CONSENTS_ENTITIES } from './consent.entity';
import { ConsentsRepository } from './consents.repository';
import { ConsentsResolver } from './consents.resolver';
import { ConsentsService } from './consents.service';
import { ConsentsPersonalData } from './consents.personal-data';

export { CONSENTS_ENTITIES };

/** Consents to optional processing (debug captures, product emails). */
@Module({
  imports: [PrivacyPortsModule, RightsModule],
  providers: [ConsentsRepository, ConsentsService, ConsentsResolver, ConsentsPersonalData],
  exports: [ConsentsService],
})
export class ConsentsModule {}
