import type { FakeFlavor } from '../fake-upstream.types';
import { deepseekFlavor } from './deepseek.flavor';
import type { FlavorFormat } from './flavor.types';
import { minimaxFlavor } from './minimax.flavor';
import { moonshotFlavor } from './moonshot.flavor';
import { openaiFlavor } from './openai.flavor';
import { zhipuFlavor } from './zhipu.flavor';

export const FLAVOR_FORMATS: Readonly<Record<FakeFlavor, FlavorFormat>> = {
  deepseek: deepseekFlavor,
  moonshot: moonshotFlavor,
  zhipu: zhipuFlavor,
  minimax: minimaxFlavor,
  openai: openaiFlavor,
};
