import type { ProviderId } from '../gateway.config';
import { DeepSeekAdapter } from './deepseek/deepseek.adapter';
import { MiniMaxAdapter } from './minimax/minimax.adapter';
import { MoonshotAdapter } from './moonshot/moonshot.adapter';
import { OpenAiCompatibleAdapter } from './openai-compatible/openai-compatible.adapter';
import type { ProviderAdapter } from './provider-adapter';
import { ZhipuAdapter } from './zhipu/zhipu.adapter';

/** Which wire format each configured provider speaks. Regional hosts share their adapter. */
const ADAPTERS: Record<ProviderId, ProviderAdapter> = (() => {
  const deepseek = new DeepSeekAdapter();
  const moonshot = new MoonshotAdapter();
  const zhipu = new ZhipuAdapter();
  const minimax = new MiniMaxAdapter();
  return {
    deepseek,
    moonshot,
    'moonshot-cn': moonshot,
    zhipu,
    zai: zhipu,
    minimax,
    'minimax-cn': minimax,
    'openai-compatible': new OpenAiCompatibleAdapter(),
  };
})();

export function adapterFor(provider: ProviderId): ProviderAdapter {
  return ADAPTERS[provider];
}
