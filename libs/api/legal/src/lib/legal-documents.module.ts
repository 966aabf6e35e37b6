import { Module } from '@nestjs/common';
import { provideConfig } from '@vipcloud/platform';
import { LegalDocumentsService } from './documents/legal-documents.service';
import { LegalPrivacyPolicyVersion } from './documents/legal-privacy-policy-version.service';
import { legalConfig } from './legal.config';

/**
 * The documents' versions alone (no jobs, no ports): what accounts (sign-up, `me`) and
 * notifications (rendering an announcement) import. It reads the manifest on first use.
 */
@Module({
  providers: [provideConfig(legalConfig), LegalDocumentsService, LegalPrivacyPolicyVersion],
  exports: [LegalDocumentsService],
})
export class LegalDocumentsModule {}
