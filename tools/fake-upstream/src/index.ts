/**
 * Fake OpenAI-compatible upstreams (DeepSeek, Kimi, Zhipu, MiniMax, OpenAI) for end-to-end tests and demos.
 *
 * Behaviour is steered per request by `[[fake:NAME]]` / `[[fake:NAME=VALUE]]` tokens in the last user message:
 * reply, think, chunks, repeat, delay_ms, keepalive, stall_after (+ keepalive_during_stall), cut_after (+ cut_hard),
 * no_done, crlf, split_packets, usage_top_level, cached, tool, and error=KIND[:PARAM][@N].
 */
export { startFakeUpstream } from './fake-upstream.server';
export { FAKE_FLAVORS } from './fake-upstream.types';
export type { FakeFlavor, FakeUpstream, FakeUpstreamOptions, RecordedRequest } from './fake-upstream.types';
export { FAKE_ERROR_KINDS, directiveSource, fakeDirective, parseDirectives } from './directives';
export type { ErrorDirective, FakeDirectives, FakeErrorKind } from './directives';
export { MINIMAX_ALLOWED_FIELDS } from './flavors/minimax.flavor';
