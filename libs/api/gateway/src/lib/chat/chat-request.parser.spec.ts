import { InvalidRequestError } from '@vipcloud/platform';
import { checkRequestBounds, parseChatRequest } from './chat-request.parser';
import { MAX_REQUEST_DEPTH, MAX_REQUEST_NODES } from './chat-request.schema';

const valid = { model: 'deepseek-flash', messages: [{ role: 'user', content: 'Hi' }] };

function rejection(body: unknown): InvalidRequestError {
  try {
    parseChatRequest(body);
  } catch (err) {
    if (err instanceof InvalidRequestError) return err;
    throw err;
  }
  throw new Error('expected an InvalidRequestError');
}

describe('parseChatRequest', () => {
  it('accepts a minimal request and keeps extra provider fields', () => {
    const parsed = parseChatRequest({ ...valid, thinking: { type: 'enabled' }, stream: true });
    expect(parsed).toEqual({ ...valid, thinking: { type: 'enabled' }, stream: true });
  });

  it('accepts every role, array content and assistant tool calls', () => {
    expect(() =>
      parseChatRequest({
        model: 'm',
        messages: [
          { role: 'system', content: 'S' },
          { role: 'developer', content: 'D' },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Look' },
              { type: 'image_url', image_url: { url: 'https://x' } },
            ],
          },
          {
            role: 'assistant',
            content: null,
            reasoning_content: 'r',
            tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }],
          },
          { role: 'tool', tool_call_id: 'c1', content: 'ok' },
        ],
        max_tokens: null,
        temperature: 0,
        stop: ['a', 'b'],
      }),
    ).not.toThrow();
  });

  it.each([[null], ['a string'], [42], [true], [[valid]], [undefined]])(
    'rejects the non-object body %j as invalid_json',
    (body) => {
      const err = rejection(body);
      expect(err).toMatchObject({ status: 400, type: 'invalid_request_error', param: null, code: 'invalid_json' });
      expect(err.message).toBe('The request body must be a JSON object.');
    },
  );

  it.each([
    ['model', { messages: valid.messages }],
    ['messages', { model: 'm' }],
    ['messages[0].tool_call_id', { model: 'm', messages: [{ role: 'tool', content: 'x' }] }],
    [
      'messages[1].tool_calls[0].function',
      { model: 'm', messages: [valid.messages[0], { role: 'assistant', tool_calls: [{ id: 'c', type: 'function' }] }] },
    ],
  ])("reports a missing '%s' as missing_required_parameter", (param, body) => {
    const err = rejection(body);
    expect(err).toMatchObject({ status: 400, param, code: 'missing_required_parameter' });
    expect(err.message).toBe(`Missing required parameter: '${param}'.`);
  });

  it.each([
    ['model', { ...valid, model: 1 }],
    ['model', { ...valid, model: null }],
    ['model', { ...valid, model: '' }],
    ['messages', { ...valid, messages: 'hello' }],
    ['messages[0]', { ...valid, messages: ['hello'] }],
    ['messages[0].role', { ...valid, messages: [{ role: 'robot', content: 'x' }] }],
    ['messages[0].content', { ...valid, messages: [{ role: 'user', content: 5 }] }],
    ['messages[0].name', { ...valid, messages: [{ role: 'user', content: 'x', name: 5 }] }],
    [
      'messages[0].tool_calls[0].type',
      {
        ...valid,
        messages: [
          {
            role: 'assistant',
            content: null,
            tool_calls: [{ id: 'a', type: 'x', function: { name: 'f', arguments: '' } }],
          },
        ],
      },
    ],
    ['stream', { ...valid, stream: 'yes' }],
    ['stream_options.include_usage', { ...valid, stream_options: { include_usage: 'yes' } }],
    ['temperature', { ...valid, temperature: 3 }],
    ['top_p', { ...valid, top_p: -0.1 }],
    ['n', { ...valid, n: 0 }],
    ['max_tokens', { ...valid, max_tokens: 1.5 }],
    ['stop', { ...valid, stop: ['a', 'b', 'c', 'd', 'e'] }],
    ['user', { ...valid, user: 'u'.repeat(513) }],
    ['response_format', { ...valid, response_format: 'json' }],
  ])("reports an invalid '%s' as invalid_value", (param, body) => {
    const err = rejection(body);
    expect(err).toMatchObject({ status: 400, type: 'invalid_request_error', param, code: 'invalid_value' });
    expect(err.message.startsWith(`Invalid '${param}': `)).toBe(true);
  });

  it('explains an empty messages array', () => {
    expect(rejection({ ...valid, messages: [] })).toMatchObject({
      param: 'messages',
      code: 'invalid_value',
      message: "'messages' must contain at least one message.",
    });
  });

  it.each([['max_tokens'], ['max_completion_tokens']])('explains a %s below 1', (param) => {
    expect(rejection({ ...valid, [param]: 0 })).toMatchObject({
      param,
      code: 'invalid_value',
      message: `Invalid '${param}': integer below minimum value. Expected a value >= 1.`,
    });
  });

  it('names the allowed roles for an unknown role', () => {
    expect(rejection({ ...valid, messages: [valid.messages[0], { role: 'robot', content: 'x' }] }).message).toContain(
      "'messages[1].role'",
    );
  });

  describe('never echoes the value that was sent', () => {
    const marker = 'MARKER-5b1e9c-do-not-echo';
    it.each([
      ['model as an object', { ...valid, model: { name: marker } }],
      ['model as an array', { ...valid, model: [marker] }],
      ['messages as a string', { ...valid, messages: marker }],
      ['a message as a string', { ...valid, messages: [marker] }],
      ['the role', { ...valid, messages: [{ role: marker, content: 'x' }] }],
      ['the content as an object', { ...valid, messages: [{ role: 'user', content: { text: marker } }] }],
      ['the name as an array', { ...valid, messages: [{ role: 'user', content: 'x', name: [marker] }] }],
      [
        'the tool call type',
        {
          ...valid,
          messages: [
            { role: 'assistant', tool_calls: [{ id: 'c', type: marker, function: { name: 'f', arguments: '' } }] },
          ],
        },
      ],
      ['stream', { ...valid, stream: marker }],
      ['stream_options', { ...valid, stream_options: marker }],
      ['temperature', { ...valid, temperature: marker }],
      ['n', { ...valid, n: marker }],
      ['max_tokens', { ...valid, max_tokens: marker }],
      ['stop', { ...valid, stop: [marker, marker, marker, marker, marker] }],
      ['stop as a number inside', { ...valid, stop: [marker, 5] }],
      ['user', { ...valid, user: marker.repeat(30) }],
      ['tool_choice', { ...valid, tool_choice: [marker] }],
      ['response_format', { ...valid, response_format: marker }],
      ['tools', { ...valid, tools: [{ type: 5, name: marker }] }],
    ])('when %s is wrong', (_name, body) => {
      const err = rejection(body);
      expect(err.message).not.toContain(marker);
      expect(err.message).not.toContain('MARKER');
      expect(err.param ?? '').not.toContain('MARKER');
    });
  });
});

describe('parseChatRequest on missing message fields', () => {
  it.each([
    [{ model: 'm', messages: [{ content: 'x' }] }, 'messages[0].role'],
    [{ model: 'm', messages: [{ role: 'user' }] }, 'messages[0].content'],
  ])('reports %j as a missing parameter', (body, param) => {
    try {
      parseChatRequest(body);
      throw new Error('accepted');
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidRequestError);
      expect((e as InvalidRequestError).code).toBe('missing_required_parameter');
      expect((e as InvalidRequestError).param).toBe(param);
    }
  });
});

/** An array nested `levels` deep, built without recursion: `[[[…]]]`. */
function nestedArray(levels: number): unknown {
  let v: unknown = [];
  for (let i = 1; i < levels; i++) v = [v];
  return v;
}

/** A JSON Schema nesting `levels` object schemas, as tools legitimately send. */
function nestedSchema(levels: number): Record<string, unknown> {
  let schema: Record<string, unknown> = { type: 'string' };
  for (let i = 0; i < levels; i++) schema = { type: 'object', properties: { [`p${i}`]: schema }, required: [`p${i}`] };
  return schema;
}

const tool = (parameters: unknown) => ({ type: 'function', function: { name: 'f', parameters } });

describe('request bounds', () => {
  it('accepts a tool schema nesting 20 levels and the deepest allowed nesting', () => {
    expect(() => parseChatRequest({ ...valid, tools: [tool(nestedSchema(20))] })).not.toThrow();
    // The body is level 1, so a top-level field may hold MAX_REQUEST_DEPTH - 1 levels.
    expect(() => checkRequestBounds({ ...valid, extra: nestedArray(MAX_REQUEST_DEPTH - 1) })).not.toThrow();
  });

  it.each([
    ['extra', { ...valid, extra: nestedArray(5_000) }],
    ['extra', { ...valid, extra: nestedArray(MAX_REQUEST_DEPTH) }],
    ['thinking', { ...valid, thinking: { a: { b: nestedArray(100) } } }],
    ['tools[1].function.parameters', { ...valid, tools: [tool({}), tool(nestedSchema(40))] }],
    [
      'response_format.json_schema',
      { ...valid, response_format: { type: 'json_schema', json_schema: { name: 'x', schema: nestedSchema(40) } } },
    ],
    [
      'messages[1].content',
      {
        ...valid,
        messages: [valid.messages[0], { role: 'user', content: [{ type: 'text', text: 'x', meta: nestedArray(80) }] }],
      },
    ],
    ['messages[0].tool_calls', { ...valid, messages: [{ role: 'assistant', tool_calls: nestedArray(80) }] }],
  ])("rejects nesting too deep in '%s' as a 400 naming it", (param, body) => {
    const err = rejection(body);
    expect(err).toMatchObject({ status: 400, type: 'invalid_request_error', param, code: 'invalid_value' });
    expect(err.message).toBe(`Invalid '${param}': nested too deeply (more than ${MAX_REQUEST_DEPTH} levels).`);
  });

  it('rejects a 5,000-level array as the last field after a large valid one', () => {
    const err = rejection({
      ...valid,
      tools: Array.from({ length: 50 }, () => tool(nestedSchema(10))),
      z: nestedArray(5_000),
    });
    expect(err.param).toBe('z');
  });

  it('counts every value: at the limit passes, one more fails and names the largest field', () => {
    // The body's own fields count too: model, messages, messages[0], role, content.
    const own = 5;
    const fill = MAX_REQUEST_NODES - own - 1; // `extra` itself is one value
    expect(() => checkRequestBounds({ ...valid, extra: new Array(fill).fill(0) })).not.toThrow();
    expect(rejection({ ...valid, extra: new Array(fill + 1).fill(0) })).toMatchObject({
      status: 400,
      param: 'extra',
      code: 'invalid_value',
      message: `Invalid 'extra': the request holds more than ${MAX_REQUEST_NODES} JSON values.`,
    });
  });

  it('counts object members and names the field with most values, even if the limit is crossed after it', () => {
    const wide = Object.fromEntries(Array.from({ length: MAX_REQUEST_NODES - 10 }, (_, i) => [`k${i}`, i]));
    expect(rejection({ ...valid, a: wide, b: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] }).param).toBe('a');
  });

  it('walks many wide branches without recursion', () => {
    const wide = Array.from({ length: 1_000 }, () => ({ a: [{ b: { c: 'x' } }] }));
    expect(() => checkRequestBounds({ ...valid, extra: wide })).not.toThrow();
  });
});
