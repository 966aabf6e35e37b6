const OPEN = '<think>';
const CLOSE = '</think>';

export interface SplitText {
  reasoning: string;
  content: string;
}

/**
 * MiniMax returns its reasoning inline as `<think>…</think>` before the answer. This moves it to
 * `reasoning_content`, where every other provider sends it, even when a tag is split across
 * stream chunks: a tail that could be the start of a tag is held back until the next chunk.
 * Only a think block before any answer text counts; a `<think>` inside the answer is content.
 */
export class ThinkTagSplitter {
  private inThink = false;
  private answerStarted = false;
  private thinkSeen = false;
  private pending = '';

  push(text: string): SplitText {
    let buf = this.pending + text;
    this.pending = '';
    const out: SplitText = { reasoning: '', content: '' };
    while (buf.length > 0) {
      if (this.answerStarted) {
        out.content += buf;
        break;
      }
      if (!this.inThink) {
        // Leading whitespace (MiniMax puts blank lines after </think>) is not yet an answer.
        const trimmed = buf.replace(/^\s+/, '');
        if (trimmed.length === 0) {
          // Whitespace before a possible <think> waits; after a think block it is dropped.
          if (!this.thinkSeen) this.pending = buf;
          break;
        }
        if (trimmed.startsWith(OPEN)) {
          this.inThink = true;
          this.thinkSeen = true;
          buf = trimmed.slice(OPEN.length);
          continue;
        }
        if (OPEN.startsWith(trimmed)) {
          this.pending = trimmed;
          break;
        }
        this.answerStarted = true;
        // Blank lines after </think> are formatting; an answer's own leading spaces are content.
        if (this.thinkSeen) buf = trimmed;
        continue;
      }
      const at = buf.indexOf(CLOSE);
      if (at >= 0) {
        out.reasoning += buf.slice(0, at);
        buf = buf.slice(at + CLOSE.length);
        this.inThink = false;
        continue;
      }
      const hold = partialTagSuffix(buf, CLOSE);
      out.reasoning += buf.slice(0, buf.length - hold);
      this.pending = buf.slice(buf.length - hold);
      break;
    }
    return out;
  }

  /** Whatever was held back, once the stream ends. */
  end(): SplitText {
    const text = this.pending;
    this.pending = '';
    return this.inThink ? { reasoning: text, content: '' } : { reasoning: '', content: text };
  }
}

function partialTagSuffix(text: string, tag: string): number {
  for (let n = Math.min(tag.length - 1, text.length); n > 0; n--) {
    if (text.endsWith(tag.slice(0, n))) return n;
  }
  return 0;
}

/** Non-streaming form: one complete content string. */
export function splitThinkTags(content: string): SplitText {
  const splitter = new ThinkTagSplitter();
  const first = splitter.push(content);
  const rest = splitter.end();
  return { reasoning: first.reasoning + rest.reasoning, content: first.content + rest.content };
}
