import type { AuthenticatedKey } from '@vipcloud/accounts';
import type { DebugCaptureInput, DebugCapturesService } from '@vipcloud/privacy';
import type { Request, Response } from 'express';
import { ClientSink } from '../chat/client-sink';
import type { ChatRequest } from '../chat/chat-request.schema';
import type { RequestContext } from '../chat/request-run.state';
import { CapturingSink } from './capturing-sink';
import { DebugCaptureHook } from './debug-capture.hook';

function setup(consents: boolean) {
  const recorded: DebugCaptureInput[] = [];
  const captures = {
    admits: jest.fn(async () => consents),
    record: jest.fn(async (input: DebugCaptureInput) => {
      recorded.push(input);
      return true;
    }),
  };
  const headers = new Map<string, string>();
  const res = {
    setHeader: (name: string, value: string) => headers.set(name.toLowerCase(), value),
    statusCode: 0,
    writableEnded: false,
    end: () => undefined,
  } as unknown as Response;
  const hook = new DebugCaptureHook(captures as unknown as DebugCapturesService);
  const request = { model: 'deepseek-flash', messages: [{ role: 'user', content: 'hi' }] } as ChatRequest;
  const ctx = { requestId: 'req_1', auth: { accountId: 'acc-1' } as AuthenticatedKey } as RequestContext;
  const serve = (header: string | undefined, answer = (sink: ClientSink) => sink.sendJson(200, {})) => {
    const req = { headers: header === undefined ? {} : { 'x-vipcloud-debug': header } } as unknown as Request;
    let used: ClientSink | undefined;
    return hook
      .serve(req, res, request, ctx, async (sink) => {
        used = sink;
        answer(sink);
      })
      .then(() => used as ClientSink);
  };
  return { captures, recorded, headers, serve };
}

describe('DebugCaptureHook', () => {
  it.each([undefined, '0', 'true'])('never reads the consent when the header is %s, and says not-kept', async (h) => {
    const { captures, headers, serve } = setup(true);
    const sink = await serve(h);
    expect(captures.admits).not.toHaveBeenCalled();
    expect(captures.record).not.toHaveBeenCalled();
    expect(sink).not.toBeInstanceOf(CapturingSink);
    expect(headers.get('x-vipcloud-debug-capture')).toBe('not-kept');
  });

  it('keeps nothing for an account without the consent', async () => {
    const { captures, headers, serve } = setup(false);
    const sink = await serve('1');
    expect(captures.admits).toHaveBeenCalledWith('acc-1');
    expect(sink).not.toBeInstanceOf(CapturingSink);
    expect(captures.record).not.toHaveBeenCalled();
    expect(headers.get('x-vipcloud-debug-capture')).toBe('not-kept');
  });

  it('records the prompt and the answer once it has ended, for a consenting account', async () => {
    const { recorded, headers, serve } = setup(true);
    const body = {
      object: 'chat.completion',
      choices: [{ index: 0, message: { role: 'assistant', content: 'hello' }, finish_reason: 'stop' }],
    };
    const sink = await serve('1', (s) => s.sendJson(200, body));
    expect(sink).toBeInstanceOf(CapturingSink);
    expect(headers.get('x-vipcloud-debug-capture')).toBe('kept');
    expect(recorded).toEqual([
      {
        accountId: 'acc-1',
        requestId: 'req_1',
        model: 'deepseek-flash',
        prompt: JSON.stringify([{ role: 'user', content: 'hi' }]),
        completion: 'hello',
      },
    ]);
  });
});
