import { Module } from '@nestjs/common';
import { PrivacyOverviewResolver } from './privacy-overview.resolver';
import { PrivacyOverviewService } from './privacy-overview.service';

/** The right of access in one query (PersonalDataRegistry comes from the global PrivacyModule). */
@Module({
  providers: [PrivacyOverviewService, PrivacyOverviewResolver],
})
export class OverviewModule {}
