import type { DiscoveryService } from '@nestjs/core';

type AbstractType<T> = abstract new (...args: never[]) => T;

/**
 * Every provider of the application that is an instance of `port`, whichever module lists it: the
 * way privacy finds the feature libs' contributions without importing them.
 */
export function providersOf<T>(discovery: DiscoveryService, port: AbstractType<T>): T[] {
  const found = new Set<T>();
  for (const wrapper of discovery.getProviders()) {
    const instance: unknown = wrapper.instance;
    if (instance instanceof port) found.add(instance as T);
  }
  return [...found];
}
