import type { ServerResponse } from 'node:http';

/** Small enough to split UTF-8 sequences, `data:` prefixes and line endings across reads. */
const PACKET_BYTES = 7;

export interface SseWriterOptions {
  readonly crlf: boolean;
  readonly splitPackets: boolean;
}

export class SseWriter {
  private readonly eol: string;

  constructor(
    private readonly res: ServerResponse,
    private readonly options: SseWriterOptions,
    private readonly signal: AbortSignal,
    /** Told the size of every piece handed to the socket. */
    private readonly onWritten: (bytes: number) => void = () => undefined,
  ) {
    this.eol = options.crlf ? '\r\n' : '\n';
  }

  data(payload: unknown): Promise<void> {
    return this.write(`${this.dataLine(payload)}${this.eol}${this.eol}`);
  }

  comment(text: string): Promise<void> {
    return this.write(`: ${text}${this.eol}${this.eol}`);
  }

  /** The first half of an event's data line, without its terminating blank line. */
  halfData(payload: unknown): Promise<void> {
    const line = this.dataLine(payload);
    return this.write(line.slice(0, Math.max(1, Math.floor(line.length / 2))));
  }

  async write(text: string): Promise<void> {
    if (this.signal.aborted) return;
    if (!this.options.splitPackets) {
      await this.send(text);
      return;
    }
    const bytes = Buffer.from(text, 'utf8');
    for (let offset = 0; offset < bytes.length; offset += PACKET_BYTES) {
      if (this.signal.aborted) return;
      await this.send(bytes.subarray(offset, offset + PACKET_BYTES));
      // Yielding past the nextTick uncork makes each piece its own socket write.
      if (offset + PACKET_BYTES < bytes.length) await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /**
   * Writes like a well-behaved server: once the socket's buffer is full it waits for 'drain' (or the
   * client leaving), so a client that stops reading stops the stream, and what was written is what the
   * client's side could take.
   */
  private async send(piece: string | Buffer): Promise<void> {
    this.onWritten(typeof piece === 'string' ? Buffer.byteLength(piece) : piece.length);
    if (this.res.write(piece) || this.signal.aborted) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        this.res.off('drain', done);
        this.signal.removeEventListener('abort', done);
        resolve();
      };
      this.res.on('drain', done);
      this.signal.addEventListener('abort', done);
    });
  }

  private dataLine(payload: unknown): string {
    return `data: ${typeof payload === 'string' ? payload : JSON.stringify(payload)}`;
  }
}
