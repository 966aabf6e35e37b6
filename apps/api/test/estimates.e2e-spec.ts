/**
 * When an upstream never reports usage, the gateway estimates it from what was generated. The same
 * answer must be estimated (and billed) the same whether the caller streamed it or not, tool calls
 * included: the estimate counts thinking, text and tool-call arguments on every path.
 */
import OpenAI from 'openai';
import { directive, logRow, MODES, PROVIDER_CASES, useGatewayWithFakes } from './kit';

const TOOLS: OpenAI.ChatCompletionTool[] = [
  {
    type: 'function',
    function: {
      name: 'get_weather',
      parameters: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' } } },
    },
  },
];
const ARGS = '{"city":"Paris","unit":"celsius","days":3,"include":["wind","rain","humidity"]}';
const TOOL_CALL = `${directive('tool', 'get_weather')} ${directive('tool_args', ARGS)}`;

describe.each(MODES)('usage estimates (%s)', (mode) => {
  const suite = useGatewayWithFakes(mode);

  /** One request, streamed or not; returns the usage the caller saw and the request's row. */
  async function ask(model: string, prompt: string, stream: boolean) {
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: prompt }];
    let usage: OpenAI.CompletionUsage | undefined;
    let toolArgs = '';
    let requestId: string;
    if (stream) {
      const { data, response } = await suite.client.chat.completions
        .create({ model, messages, tools: TOOLS, stream: true, stream_options: { include_usage: true } })
        .withResponse();
      for await (const chunk of data) {
        usage = chunk.usage ?? usage;
        for (const call of chunk.choices[0]?.delta.tool_calls ?? []) toolArgs += call.function?.arguments ?? '';
      }
      requestId = response.headers.get('x-request-id') as string;
    } else {
      const { data, response } = await suite.client.chat.completions
        .create({ model, messages, tools: TOOLS })
        .withResponse();
      usage = data.usage;
      const call = data.choices[0].message.tool_calls?.[0];
      toolArgs = call?.type === 'function' ? call.function.arguments : '';
      requestId = response.headers.get('x-request-id') as string;
    }
    const row = await logRow(suite.gw, requestId);
    return { usage, toolArgs, row };
  }

  const figures = (row: Record<string, unknown>) => ({
    source: row['usage_source'],
    input: Number(row['input_tokens']),
    output: Number(row['output_tokens']),
    cost: Number(row['cost_micros']),
  });

  it.each(PROVIDER_CASES.map((c) => [c.flavor, c.model]))(
    '%s: a streamed and a whole answer with a tool call are estimated alike',
    async (_flavor, model) => {
      const prompt =
        `Weather? ${directive('no_usage')} ${directive('think', 'The user wants a forecast; use the tool.')} ` +
        `${directive('reply', 'Let me check the forecast for you.')} ${TOOL_CALL}`;
      const whole = await ask(model, prompt, false);
      const streamed = await ask(model, prompt, true);

      expect(whole.toolArgs).toBe(ARGS);
      expect(streamed.toolArgs).toBe(ARGS);
      expect(figures(whole.row)).toEqual(figures(streamed.row));
      expect(whole.row['usage_source']).toBe('estimated');
      expect(whole.usage?.completion_tokens).toBe(Number(whole.row['output_tokens']));
      expect(streamed.usage).toEqual(whole.usage);

      // The tool call's arguments are part of what was generated: the same answer without them costs less.
      const plain = await ask(model, prompt.replace(` ${TOOL_CALL}`, ''), false);
      expect(plain.row['usage_source']).toBe('estimated');
      expect(figures(plain.row).output).toBeLessThan(figures(whole.row).output);
    },
  );
});
