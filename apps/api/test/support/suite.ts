import OpenAI from 'openai';
import { Gateway, Mode, startGateway } from './gateway-harness';
import { Fakes, startFakes } from './upstreams';

export interface Suite {
  readonly fakes: Fakes;
  readonly gw: Gateway;
  /** The official SDK pointed at the gateway, without retries so each failure is seen once. */
  readonly client: OpenAI;
}

/** Starts every provider's fake and one gateway for the enclosing describe block. */
export function useGatewayWithFakes(mode: Mode, env: Record<string, string> = {}): Suite {
  const state: { fakes?: Fakes; gw?: Gateway; client?: OpenAI } = {};
  beforeAll(async () => {
    state.fakes = await startFakes();
    state.gw = await startGateway(mode, { ...state.fakes.env, ...env });
    state.client = new OpenAI({ apiKey: state.gw.apiKey, baseURL: `${state.gw.url}/v1`, maxRetries: 0 });
  });
  afterAll(async () => {
    await state.gw?.close();
    await state.fakes?.close();
  });
  beforeEach(() => state.fakes?.resetAll());
  return {
    get fakes() {
      return state.fakes as Fakes;
    },
    get gw() {
      return state.gw as Gateway;
    },
    get client() {
      return state.client as OpenAI;
    },
  };
}
