/** The response shapes OpenAI's SDKs expect; adapters normalise every upstream to these. */

export interface OpenAiUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens: number };
  completion_tokens_details?: { reasoning_tokens: number };
}

export interface ToolCallOut {
  index?: number;
  id?: string;
  type?: 'function';
  function?: { name?: string; arguments?: string };
}

export interface ChatMessageOut {
  role: 'assistant';
  content: string | null;
  reasoning_content?: string;
  tool_calls?: ToolCallOut[];
  refusal: null;
}

export interface ChatChoiceOut {
  index: number;
  message: ChatMessageOut;
  logprobs: null;
  finish_reason: string | null;
}

export interface ChatCompletionOut {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: ChatChoiceOut[];
  usage: OpenAiUsage;
  system_fingerprint: null;
}

export interface ChunkDelta {
  role?: 'assistant';
  content?: string | null;
  reasoning_content?: string;
  tool_calls?: ToolCallOut[];
}

export interface ChunkChoiceOut {
  index: number;
  delta: ChunkDelta;
  logprobs: null;
  finish_reason: string | null;
}

export interface ChatCompletionChunkOut {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  choices: ChunkChoiceOut[];
  system_fingerprint: null;
  usage?: OpenAiUsage | null;
}
