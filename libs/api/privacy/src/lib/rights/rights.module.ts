import { Module } from '@nestjs/common';
import { PrivacyPortsModule } from '../ports/privacy-ports.module';
import { RIGHTS_ENTITIES } from './rights-request.entity';
import { RightsRequestsPersonalData } from './rights-requests.personal-data';
import { RightsRequestsRepository } from './rights-requests.repository';
import { RightsRequestsRetention } from './rights-requests.retention';
import { RightsRequestsResolver } from './rights-requests.resolver';
import { RightsRequestsService } from './rights-requests.service';

export { RIGHTS_ENTITIES };

/** Rights requests: the user's own, support's queue, and those the portal records as it handles them. */
@Module({
  imports: [PrivacyPortsModule],
  providers: [
    RightsRequestsRepository,
    RightsRequestsService,
    RightsRequestsResolver,
    RightsRequestsPersonalData,
    RightsRequestsRetention,
  ],
  exports: [RightsRequestsService],
})
export class RightsModule {}
