import { splitThinkTags, SplitText, ThinkTagSplitter } from './think-tag-splitter';

/** Feeds the pieces through one splitter, then end(), and joins what came out. */
function feed(pieces: string[]): SplitText {
  const splitter = new ThinkTagSplitter();
  const out: SplitText = { reasoning: '', content: '' };
  for (const piece of [...pieces.map((p) => splitter.push(p)), splitter.end()]) {
    out.reasoning += piece.reasoning;
    out.content += piece.content;
  }
  return out;
}

describe('ThinkTagSplitter', () => {
  const text = '<think>abc</think>\n\nHello';

  it('splits a think block from the answer in one push', () => {
    expect(feed([text])).toEqual({ reasoning: 'abc', content: 'Hello' });
  });

  it('splits correctly wherever one split point falls', () => {
    for (let i = 0; i <= text.length; i++) {
      expect({ at: i, ...feed([text.slice(0, i), text.slice(i)]) }).toEqual({
        at: i,
        reasoning: 'abc',
        content: 'Hello',
      });
    }
  });

  it('splits correctly wherever two split points fall', () => {
    for (let i = 0; i <= text.length; i++) {
      for (let j = i; j <= text.length; j++) {
        const got = feed([text.slice(0, i), text.slice(i, j), text.slice(j)]);
        expect({ at: [i, j], ...got }).toEqual({ at: [i, j], reasoning: 'abc', content: 'Hello' });
      }
    }
  });

  it('splits correctly when fed one character at a time', () => {
    expect(feed([...text])).toEqual({ reasoning: 'abc', content: 'Hello' });
  });

  it('never emits part of a tag as text', () => {
    const splitter = new ThinkTagSplitter();
    const pieces = [...text].map((c) => splitter.push(c));
    for (const p of pieces) {
      expect(p.reasoning).not.toMatch(/[<>]/);
      expect(p.content).not.toMatch(/[<>]/);
    }
  });

  it('passes text without a think block through as content', () => {
    expect(feed(['Hello, ', 'world'])).toEqual({ reasoning: '', content: 'Hello, world' });
  });

  it('keeps a <think> that appears later inside the answer as content', () => {
    expect(feed(['Use <think> tags like <think>x</think>.'])).toEqual({
      reasoning: '',
      content: 'Use <think> tags like <think>x</think>.',
    });
    expect(feed(['<think>r</think>\n\nAnswer ', '<think>not reasoning</think>'])).toEqual({
      reasoning: 'r',
      content: 'Answer <think>not reasoning</think>',
    });
  });

  it('treats text that only starts like a tag as content', () => {
    expect(feed(['<thi', 'nk about it>'])).toEqual({ reasoning: '', content: '<think about it>' });
    expect(feed(['<b>bold</b>'])).toEqual({ reasoning: '', content: '<b>bold</b>' });
  });

  it('keeps text inside the think block that looks like a partial closing tag', () => {
    expect(feed(['<think>a </thin', 'g> b</think>ok'])).toEqual({ reasoning: 'a </thing> b', content: 'ok' });
  });

  it('holds back a possible tag start and flushes it as content at end()', () => {
    const splitter = new ThinkTagSplitter();
    expect(splitter.push('<thi')).toEqual({ reasoning: '', content: '' });
    expect(splitter.end()).toEqual({ reasoning: '', content: '<thi' });
  });

  it('holds back a possible closing tag and flushes it as reasoning at end()', () => {
    const splitter = new ThinkTagSplitter();
    expect(splitter.push('<think>still thinking</thi')).toEqual({ reasoning: 'still thinking', content: '' });
    expect(splitter.end()).toEqual({ reasoning: '</thi', content: '' });
  });

  it('returns nothing from end() when nothing was held back', () => {
    const splitter = new ThinkTagSplitter();
    splitter.push('<think>a</think>b');
    expect(splitter.end()).toEqual({ reasoning: '', content: '' });
  });

  it('streams reasoning out as it arrives', () => {
    const splitter = new ThinkTagSplitter();
    expect(splitter.push('<think>first ')).toEqual({ reasoning: 'first ', content: '' });
    expect(splitter.push('second')).toEqual({ reasoning: 'second', content: '' });
    expect(splitter.push('</think>\n\nAns')).toEqual({ reasoning: '', content: 'Ans' });
    expect(splitter.push('wer')).toEqual({ reasoning: '', content: 'wer' });
  });

  it('handles an empty think block', () => {
    expect(feed(['<think></think>\n\nHi'])).toEqual({ reasoning: '', content: 'Hi' });
  });

  it('keeps whitespace inside the answer', () => {
    expect(feed(['<think>r</think>\n\nline 1\n\n', 'line 2 '])).toEqual({
      reasoning: 'r',
      content: 'line 1\n\nline 2 ',
    });
  });
});

describe('splitThinkTags', () => {
  it('splits a complete MiniMax content string', () => {
    expect(splitThinkTags('<think>The user greets.</think>\n\nHello!')).toEqual({
      reasoning: 'The user greets.',
      content: 'Hello!',
    });
  });

  it('returns an unterminated think block as reasoning', () => {
    expect(splitThinkTags('<think>cut off mid-thought')).toEqual({ reasoning: 'cut off mid-thought', content: '' });
  });

  it('returns plain content unchanged', () => {
    expect(splitThinkTags('Just an answer.')).toEqual({ reasoning: '', content: 'Just an answer.' });
  });
});
