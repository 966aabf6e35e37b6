import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeFlavor, FakeUpstream, startFakeUpstream } from '@vipcloud/fake-upstream';
import { BUNDLED_MODEL_CATALOG as bundled } from '@vipcloud/gateway';

export interface ProviderCase {
  flavor: FakeFlavor;
  /** The env prefix of the provider the fake stands in for. */
  env: string;
  provider: string;
  model: string;
}

/** One fake per provider, each standing in for its real host; Zhipu's is Z.ai. */
export const PROVIDER_CASES: ProviderCase[] = [
  { flavor: 'deepseek', env: 'DEEPSEEK', provider: 'deepseek', model: 'deepseek-flash' },
  { flavor: 'moonshot', env: 'MOONSHOT', provider: 'moonshot', model: 'kimi-k3' },
  { flavor: 'zhipu', env: 'ZAI', provider: 'zai', model: 'glm-5.3' },
  { flavor: 'minimax', env: 'MINIMAX', provider: 'minimax', model: 'MiniMax-M3' },
  { flavor: 'openai', env: 'OPENAI_COMPATIBLE', provider: 'openai-compatible', model: 'local-model' },
];

/** The shipped catalog plus models served by the generic OpenAI-compatible provider. */
export function testCatalogPath(extraModels: unknown[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'vc-catalog-'));
  const file = join(dir, 'catalog.json');
  const local = {
    id: 'local-model',
    ownedBy: 'local',
    contextWindow: 131072,
    maxOutputTokens: 8192,
    price: { input: 100000, cachedInput: 10000, output: 200000 },
    routes: [{ provider: 'openai-compatible', upstreamModel: 'llama-3.3-70b', priority: 1, weight: 1 }],
  };
  writeFileSync(file, JSON.stringify({ ...bundled, models: [...bundled.models, local, ...extraModels] }));
  return file;
}

/** A DeepSeek-routed model at 1 micro-USD per output token, input free: a cost in micros counts output tokens. */
export const METERED = {
  id: 'metered',
  ownedBy: 'vipcloud',
  contextWindow: 65536,
  maxOutputTokens: 1000,
  price: { input: 0, cachedInput: 0, output: 1_000_000 },
  routes: [{ provider: 'deepseek', upstreamModel: 'deepseek-flash', priority: 1, weight: 1 }],
};

export interface Fakes {
  byFlavor: Map<FakeFlavor, FakeUpstream>;
  env: Record<string, string>;
  resetAll(): void;
  close(): Promise<void>;
}

/** Starts the given fakes and returns the provider settings that point the gateway at them. */
export async function startFakes(
  cases: ProviderCase[] = PROVIDER_CASES,
  keys: Record<string, string> = {},
): Promise<Fakes> {
  const byFlavor = new Map<FakeFlavor, FakeUpstream>();
  const env: Record<string, string> = { MODEL_CATALOG_PATH: testCatalogPath() };
  for (const c of cases) {
    const fake = await startFakeUpstream({ flavor: c.flavor, apiKeys: ['sk-fake', 'sk-fake-2'] });
    byFlavor.set(c.flavor, fake);
    env[`${c.env}_API_KEY`] = keys[c.env] ?? 'sk-fake';
    env[`${c.env}_BASE_URL`] = fake.baseUrl;
  }
  return {
    byFlavor,
    env,
    resetAll: () => byFlavor.forEach((f) => f.reset()),
    close: async () => {
      await Promise.all([...byFlavor.values()].map((f) => f.close()));
    },
  };
}

export function directive(name: string, value?: string | number): string {
  return value === undefined ? `[[fake:${name}]]` : `[[fake:${name}=${value}]]`;
}

/** DeepSeek and the OpenAI-compatible fake: the two providers of the failover model below. */
export const FAILOVER_PROVIDERS = PROVIDER_CASES.filter((c) => c.flavor === 'deepseek' || c.flavor === 'openai');

/** A model served by DeepSeek first and the OpenAI-compatible host second, for failover tests. */
export const DUAL_ROUTE_MODEL = {
  id: 'dual',
  ownedBy: 'vipcloud',
  contextWindow: 65536,
  maxOutputTokens: 4096,
  price: { input: 1000000, cachedInput: 100000, output: 2000000 },
  routes: [
    { provider: 'deepseek', upstreamModel: 'deepseek-flash', priority: 1, weight: 1 },
    { provider: 'openai-compatible', upstreamModel: 'llama', priority: 2, weight: 1 },
  ],
};
