import { randomBytes } from 'node:crypto';
import type { Completion, StreamFrameKind } from './flavor.types';

/** Thinking is streamed in a few pieces so clients have to concatenate it too. */
const THINK_PIECES = 2;

export type DeltaStep =
  | { readonly kind: 'role' }
  | { readonly kind: 'reasoning'; readonly text: string }
  | { readonly kind: 'content'; readonly text: string }
  | { readonly kind: 'tool'; readonly name: string; readonly arguments: string };

/** Splits by code point (never inside a surrogate pair) into at most `parts` non-empty pieces of near-equal size. */
export function splitEvenly(text: string, parts: number): string[] {
  const chars = Array.from(text);
  const count = Math.min(Math.max(1, parts), chars.length);
  const pieces: string[] = [];
  let start = 0;
  for (let i = 0; i < count; i++) {
    const size = Math.floor(chars.length / count) + (i < chars.length % count ? 1 : 0);
    pieces.push(chars.slice(start, start + size).join(''));
    start += size;
  }
  return pieces;
}

export function thinkPieces(think: string): string[] {
  return splitEvenly(think, THINK_PIECES);
}

/** The delta sequence shared by the OpenAI-style streams: role, reasoning, answer, tool call. */
export function streamSteps(completion: Completion): DeltaStep[] {
  const steps: DeltaStep[] = [{ kind: 'role' }];
  for (const text of thinkPieces(completion.think)) steps.push({ kind: 'reasoning', text });
  for (const text of completion.replyChunks) steps.push({ kind: 'content', text });
  if (completion.toolName !== undefined) {
    steps.push({ kind: 'tool', name: completion.toolName, arguments: completion.toolArguments });
  }
  return steps;
}

export function frameKind(step: DeltaStep): StreamFrameKind {
  if (step.kind === 'reasoning' || step.kind === 'content') return step.kind;
  return 'meta';
}

export function toolCall(name: string, args: string): Record<string, unknown> {
  return { id: 'call_1', type: 'function', function: { name, arguments: args } };
}

export function toolCallDelta(name: string, args: string): Record<string, unknown> {
  return { tool_calls: [{ index: 0, ...toolCall(name, args) }] };
}

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

export function chatcmplId(): string {
  return `chatcmpl-${randomHex(12)}`;
}

export function unixNow(): number {
  return Math.floor(Date.now() / 1000);
}

export function modelList(ids: readonly string[], ownedBy: string): unknown {
  return {
    object: 'list',
    data: ids.map((id) => ({ id, object: 'model', created: 1_760_000_000, owned_by: ownedBy })),
  };
}

export function noFailure(): undefined {
  return undefined;
}
