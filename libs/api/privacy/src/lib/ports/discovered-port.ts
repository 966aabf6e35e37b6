import { DiscoveryService } from '@nestjs/core';
import { providersOf } from '../personal-data/provider-discovery';

type AbstractType<T> = abstract new (...args: never[]) => T;

/** No provider, or several, implement a port privacy needs. */
export class PortNotImplementedError extends Error {
  constructor(port: string, found: number) {
    super(`expected one provider implementing ${port}, found ${found}: list it in the owning lib's module`);
    this.name = new.target.name;
  }
}

/**
 * The one provider of the application implementing `port`, apart from `self` (privacy's own delegate,
 * registered under the port's token so any lib can inject the port). Looked up on first use, when
 * every module's providers exist.
 */
export function discoveredPort<T extends object>(discovery: DiscoveryService, port: AbstractType<T>, self: T): T {
  const found = providersOf(discovery, port).filter((p) => p !== self);
  if (found.length !== 1) throw new PortNotImplementedError(port.name, found.length);
  return found[0];
}
