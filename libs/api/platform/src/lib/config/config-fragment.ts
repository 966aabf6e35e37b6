import type { Provider } from '@nestjs/common';
import { z } from 'zod';
import { AppConfig } from './app-config';

/** What a fragment's reader gets besides its own validated variables. */
export interface ConfigContext {
  /** The environment (empty values removed), for settings named after something, e.g. `<PROVIDER>_API_KEY`. */
  readonly env: Readonly<Record<string, string>>;
  /** The platform's own settings a feature derives from (e.g. PUBLIC_URL for callback URLs). */
  readonly publicUrl: string;
  readonly isProduction: boolean;
}

/**
 * One feature's settings: the variables it reads (a zod shape, validated together with every other
 * fragment when the process starts) and how they become the typed object its services inject.
 * Each lib declares its own, so platform never learns another feature's settings.
 */
export interface ConfigFragment<T> {
  /** Names the feature in error messages. */
  readonly name: string;
  readonly shape: z.ZodRawShape;
  /** Turns the validated variables into settings; throws ConfigError for rules a schema cannot say. */
  readonly read: (vars: Record<string, unknown>, ctx: ConfigContext) => T;
  /** The injection token of the typed settings. */
  readonly token: symbol;
}

export function defineConfig<S extends z.ZodRawShape, T>(
  name: string,
  shape: S,
  read: (vars: z.infer<z.ZodObject<S>>, ctx: ConfigContext) => T,
): ConfigFragment<T> {
  return {
    name,
    shape,
    read: read as (vars: Record<string, unknown>, ctx: ConfigContext) => T,
    token: Symbol(`${name} settings`),
  };
}

/** A feature module's provider of its settings, read from the one AppConfig. */
export function provideConfig<T>(fragment: ConfigFragment<T>): Provider {
  return { provide: fragment.token, inject: [AppConfig], useFactory: (app: AppConfig) => app.settings(fragment) };
}
