import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { PORT_DELEGATES, PORT_TOKENS } from './port-delegates';

/** The ports privacy's sub-modules use and the libs above implement (see port-delegates.ts). */
@Module({
  imports: [DiscoveryModule],
  providers: [...PORT_DELEGATES],
  exports: [...PORT_TOKENS],
})
export class PrivacyPortsModule {}
