import type { StreamFrame } from './flavors/flavor.types';
import { isRecord } from './json.util';

/**
 * `no_usage`: an upstream that never reports usage, so clients must estimate it. Removes `usage` wherever a
 * flavor puts it (top level, or inside a choice as Kimi's stream does); the flavors stay unaware of it.
 */
export function withoutUsage(body: unknown): unknown {
  if (!isRecord(body)) return body;
  const { usage: _usage, ...rest } = body;
  void _usage;
  if (Array.isArray(rest['choices'])) rest['choices'] = rest['choices'].map((choice: unknown) => withoutUsage(choice));
  return rest;
}

/** The frames of a stream without usage; a chunk that carried nothing else (OpenAI's last one) is dropped. */
export function framesWithoutUsage(frames: StreamFrame[]): StreamFrame[] {
  return frames
    .filter((frame) => !(isRecord(frame.data) && isRecord(frame.data['usage']) && isEmptyList(frame.data['choices'])))
    .map((frame) => ({ ...frame, data: withoutUsage(frame.data) }));
}

function isEmptyList(value: unknown): boolean {
  return Array.isArray(value) && value.length === 0;
}
