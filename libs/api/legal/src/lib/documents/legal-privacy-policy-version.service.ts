import { Injectable } from '@nestjs/common';
import { PrivacyPolicyVersion } from '@vipcloud/privacy';
import { LegalDocumentsService } from './legal-documents.service';

/** Privacy's port: the privacy policy version in effect, which each consent records. */
@Injectable()
export class LegalPrivacyPolicyVersion extends PrivacyPolicyVersion {
  constructor(private readonly documents: LegalDocumentsService) {
    super();
  }

  current(): string | null {
    return this.documents.current('privacy')?.version ?? null;
  }
}
