import { z } from 'zod';

const textPart = z.object({ type: z.literal('text'), text: z.string() }).loose();
const contentPart = z.object({ type: z.string().min(1) }).loose();
const content = z.union([z.string(), z.array(z.union([textPart, contentPart]))]);

const toolCall = z
  .object({
    id: z.string(),
    type: z.literal('function'),
    function: z.object({ name: z.string(), arguments: z.string() }).loose(),
  })
  .loose();

const message = z.discriminatedUnion('role', [
  z.object({ role: z.literal('system'), content, name: z.string().optional() }).loose(),
  z.object({ role: z.literal('developer'), content, name: z.string().optional() }).loose(),
  z.object({ role: z.literal('user'), content, name: z.string().optional() }).loose(),
  z
    .object({
      role: z.literal('assistant'),
      content: content.nullable().optional(),
      reasoning_content: z.string().nullable().optional(),
      tool_calls: z.array(toolCall).optional(),
      name: z.string().optional(),
    })
    .loose(),
  z.object({ role: z.literal('tool'), content, tool_call_id: z.string() }).loose(),
]);

const positiveInt = z.number().int().positive();

/**
 * How deeply a request's JSON may nest, the body being level 1. Everything we forward is serialised
 * again (and by providers), so a 5,000-level array would throw there; JSON Schemas in `tools` nest
 * two JSON levels per schema level and legitimately reach 10-20 schema levels (~45 JSON levels).
 */
export const MAX_REQUEST_DEPTH = 64;
/**
 * How many JSON values (objects, arrays and scalars, the body not counted) a request may hold: a
 * long agent conversation with large tool schemas has a few tens of thousands.
 */
export const MAX_REQUEST_NODES = 200_000;

/**
 * OpenAI's chat completion request. Known fields are checked the way OpenAI checks them; other
 * fields pass through to the upstream (providers add their own, e.g. `thinking`).
 */
export const chatRequestSchema = z
  .object({
    model: z.string().min(1),
    messages: z.array(message).min(1),
    stream: z.boolean().nullable().optional(),
    stream_options: z.object({ include_usage: z.boolean().optional() }).loose().nullable().optional(),
    max_tokens: positiveInt.nullable().optional(),
    max_completion_tokens: positiveInt.nullable().optional(),
    temperature: z.number().min(0).max(2).nullable().optional(),
    top_p: z.number().min(0).max(1).nullable().optional(),
    n: z.number().int().min(1).max(128).nullable().optional(),
    presence_penalty: z.number().min(-2).max(2).nullable().optional(),
    frequency_penalty: z.number().min(-2).max(2).nullable().optional(),
    stop: z
      .union([z.string(), z.array(z.string()).max(4)])
      .nullable()
      .optional(),
    tools: z.array(z.object({ type: z.string() }).loose()).optional(),
    tool_choice: z.union([z.string(), z.object({}).loose()]).optional(),
    response_format: z.object({ type: z.string() }).loose().optional(),
    user: z.string().max(512).optional(),
    reasoning_effort: z.string().optional(),
  })
  .loose();

export type ChatRequest = z.infer<typeof chatRequestSchema>;
export type ChatMessage = ChatRequest['messages'][number];
