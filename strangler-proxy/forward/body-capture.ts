import type { Readable } from "node:stream";

/**
 * Copies a stream's bytes, up to `maxBytes`, while someone else consumes it (a `data` listener beside
 * the pipe: the stream is neither delayed nor re-buffered). Above the cap it keeps nothing and says so.
 */
export class BodyCapture {
  private chunks: Buffer[] = [];
  private size = 0;
  private overflowed = false;
  private ended = false;
  /** Resolves when the stream ended, closed or failed. */
  readonly done: Promise<void>;

  constructor(
    stream: Readable,
    private readonly maxBytes: number,
  ) {
    stream.on("data", (chunk: Buffer) => {
      if (this.overflowed) return;
      this.size += chunk.length;
      if (this.size > this.maxBytes) {
        this.overflowed = true;
        this.chunks = [];
      } else this.chunks.push(chunk);
    });
    this.done = new Promise((resolve) => {
      stream.once("end", () => {
        this.ended = true;
        resolve();
      });
      stream.once("close", () => resolve());
      stream.once("error", () => resolve());
    });
  }

  /** True when the stream ended normally and every byte was kept. */
  complete(): boolean {
    return this.ended && !this.overflowed;
  }

  /** True when the stream was larger than the cap. */
  overflow(): boolean {
    return this.overflowed;
  }

  /** Bytes seen so far (also counted after an overflow). */
  bytesSeen(): number {
    return this.size;
  }

  bytes(): Buffer {
    return this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
  }
}

/** Whether a request announces a body (a length above zero, or chunked). */
export function hasBody(headers: { "content-length"?: string; "transfer-encoding"?: string }): boolean {
  const length = headers["content-length"];
  return (length !== undefined && length !== "0") || headers["transfer-encoding"] !== undefined;
}
