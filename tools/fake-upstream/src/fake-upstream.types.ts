export type FakeFlavor = 'deepseek' | 'moonshot' | 'zhipu' | 'minimax' | 'openai';

export const FAKE_FLAVORS: readonly FakeFlavor[] = ['deepseek', 'moonshot', 'zhipu', 'minimax', 'openai'];

export interface FakeUpstreamOptions {
  flavor: FakeFlavor;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Bearer keys that authenticate; defaults to `['sk-fake']`. */
  apiKeys?: string[];
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON, or the raw text when it did not parse. */
  body: unknown;
}

export interface FakeUpstream {
  readonly flavor: FakeFlavor;
  /** e.g. `http://127.0.0.1:40123` */
  readonly origin: string;
  /** The value for `<PROVIDER>_BASE_URL`; the chat endpoint is `${baseUrl}/chat/completions`. */
  readonly baseUrl: string;
  /** Every chat-completions request received, in arrival order. */
  readonly requests: RecordedRequest[];
  /** Streaming responses currently open. */
  readonly openStreams: number;
  /** Streams whose client went away before the fake finished sending. */
  readonly abortedStreams: number;
  /**
   * Bytes of event-stream bodies written so far, across streams. The fake waits for 'drain' like a real
   * server, so while a client does not read this stops growing once the buffers between are full.
   */
  readonly streamedBytes: number;
  /** Clears recorded requests, stream and byte counters and `error=KIND@N` counters. */
  reset(): void;
  /** Stops listening and destroys every open connection. */
  close(): Promise<void>;
}
