import type { DiscoveryService } from '@nestjs/core';
import { PortNotImplementedError } from './discovered-port';
import { PrivacyPolicyVersionDelegate } from './port-delegates';
import { PrivacyPolicyVersion } from './privacy-policy-version.port';

class Fixed extends PrivacyPolicyVersion {
  constructor(private readonly version: string) {
    super();
  }
  current(): string {
    return this.version;
  }
}

function delegateOver(...others: object[]): PrivacyPolicyVersionDelegate {
  const providers: object[] = [];
  const discovery = { getProviders: () => providers.map((instance) => ({ instance })) } as unknown as DiscoveryService;
  const delegate = new PrivacyPolicyVersionDelegate(discovery);
  providers.push(delegate, ...others, {});
  return delegate;
}

describe('privacy port delegates', () => {
  it('forward to the one implementation the owning lib lists, not to themselves', () => {
    expect(delegateOver(new Fixed('2026-11-28')).current()).toBe('2026-11-28');
  });

  it('say which port lacks an implementation, or has two', () => {
    expect(() => delegateOver().current()).toThrow(PortNotImplementedError);
    expect(() => delegateOver(new Fixed('a'), new Fixed('b')).current()).toThrow(/found 2/);
  });
});
