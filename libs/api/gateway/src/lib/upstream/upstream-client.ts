import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Agent, Dispatcher } from 'undici';
import { GatewayConfig, InjectGatewayConfig } from '../gateway.config';
import type { Channel } from '../catalog/model-catalog.service';

export type UpstreamResponse = Dispatcher.ResponseData;

/**
 * One pooled, keep-alive HTTP client for every upstream. Only the upstream's own credentials and
 * the request body go out: no caller identity, no caller headers.
 */
@Injectable()
export class UpstreamClient implements OnModuleDestroy {
  private readonly agent: Agent;

  constructor(@InjectGatewayConfig() private readonly config: GatewayConfig) {
    this.agent = new Agent({
      keepAliveTimeout: 30_000,
      connections: 512,
      pipelining: 1,
      connect: { timeout: config.upstreamConnectTimeoutMs },
      headersTimeout: config.upstreamHeadersTimeoutMs,
      // Streams are watched by our own idle timer, which ignores keep-alive comments.
      bodyTimeout: 0,
    });
  }

  chatCompletions(
    channel: Channel,
    /** Serialised by the caller, so that a body that cannot be serialised never looks like a network error. */
    body: string,
    stream: boolean,
    signal: AbortSignal,
  ): Promise<UpstreamResponse> {
    const url = new URL(`${channel.baseUrl}/chat/completions`);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: stream ? 'text/event-stream' : 'application/json',
      'user-agent': 'VIPCloud-Gateway/0.1',
    };
    if (channel.apiKey) headers['authorization'] = `Bearer ${channel.apiKey}`;
    return this.agent.request({
      origin: url.origin,
      path: url.pathname + url.search,
      method: 'POST',
      headers,
      body,
      signal,
      // A non-streamed answer may be preceded by keep-alive blank lines; this bounds the silence.
      bodyTimeout: stream ? 0 : this.config.upstreamIdleTimeoutMs,
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.agent.close();
  }
}
