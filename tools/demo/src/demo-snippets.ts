/** What the demo prints: a working request in curl, and the same with the official SDKs. */
export interface DemoEndpoint {
  /** e.g. `http://127.0.0.1:3000/v1` */
  baseUrl: string;
  apiKey: string;
  model: string;
}

const QUESTION = 'Hello! What can you do?';

export function curlSnippet({ baseUrl, apiKey, model }: DemoEndpoint): string {
  const body = JSON.stringify({ model, messages: [{ role: 'user', content: QUESTION }] });
  return [
    `curl ${baseUrl}/chat/completions \\`,
    `  -H "Authorization: Bearer ${apiKey}" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -d '${body}'`,
  ].join('\n');
}

export function javascriptSnippet({ baseUrl, apiKey, model }: DemoEndpoint): string {
  return [
    `import OpenAI from 'openai';`,
    ``,
    `const client = new OpenAI({ apiKey: '${apiKey}', baseURL: '${baseUrl}' });`,
    `const answer = await client.chat.completions.create({`,
    `  model: '${model}',`,
    `  messages: [{ role: 'user', content: '${QUESTION}' }],`,
    `});`,
    `console.log(answer.choices[0].message.content);`,
  ].join('\n');
}

export function pythonSnippet({ baseUrl, apiKey, model }: DemoEndpoint): string {
  return [
    `from openai import OpenAI`,
    ``,
    `client = OpenAI(api_key="${apiKey}", base_url="${baseUrl}")`,
    `answer = client.chat.completions.create(`,
    `    model="${model}",`,
    `    messages=[{"role": "user", "content": "${QUESTION}"}],`,
    `)`,
    `print(answer.choices[0].message.content)`,
  ].join('\n');
}
