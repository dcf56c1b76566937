import { closeSync, fstatSync, openSync, readSync } from "node:fs";

/** How often a waiting `waitForLine` looks at the log file again. */
const POLL_MS = 50;

/**
 * The lines one process run has written into its log file (from `startOffset`, the file's size when
 * the process started). The process writes the file itself (its stdout and stderr are the file), so
 * every line is written once; the supervisor reads it back only for what it needs: the first lines
 * (a ready line), and the last ones (an error message).
 */
export class LogFileLines {
  private readOffset: number;
  private partial = "";
  /** The first lines of the run, for a waiter that asks late. */
  private readonly first: string[] = [];

  constructor(
    private readonly path: string,
    private readonly startOffset: number,
  ) {
    this.readOffset = startOffset;
  }

  /** Reads what was appended since the last call; returns the new whole lines. */
  readNew(): string[] {
    const text = this.read(this.readOffset, Number.MAX_SAFE_INTEGER);
    if (text.length === 0) return [];
    this.readOffset += Buffer.byteLength(text);
    const lines = (this.partial + text).split("\n");
    this.partial = lines.pop() ?? "";
    for (const line of lines) if (this.first.length < 200) this.first.push(line);
    return lines;
  }

  /** The first line of the run that `matches` (read so far or now), else undefined. */
  find(matches: (line: string) => boolean): string | undefined {
    this.readNew();
    return this.first.find(matches);
  }

  /** The last `count` lines of the run. */
  tail(count = 8): string {
    const size = this.size();
    const from = Math.max(this.startOffset, size - 4000);
    return this.read(from, size - from).trim().split("\n").slice(-count).join("\n");
  }

  /**
   * Resolves with the first line of the run that `matches`, looking every 50 ms; rejects after
   * `timeoutMs` or when `exited` settles first.
   */
  waitFor(matches: (line: string) => boolean, timeoutMs: number, exited: Promise<number | null>): Promise<string> {
    return new Promise((resolve, reject) => {
      const early = this.find(matches);
      if (early !== undefined) return resolve(early);
      let done = false;
      const finish = (outcome: () => void) => {
        if (done) return;
        done = true;
        clearInterval(poll);
        clearTimeout(timer);
        outcome();
      };
      const look = () => {
        const line = this.readNew().find(matches);
        if (line !== undefined) finish(() => resolve(line));
      };
      const poll = setInterval(look, POLL_MS);
      const timer = setTimeout(() => finish(() => reject(new Error(`no such line after ${timeoutMs} ms`))), timeoutMs);
      void exited.then((code) => {
        look();
        finish(() => reject(new Error(`it exited (code ${code})`)));
      });
    });
  }

  private size(): number {
    try {
      const fd = openSync(this.path, "r");
      try {
        return fstatSync(fd).size;
      } finally {
        closeSync(fd);
      }
    } catch {
      return this.startOffset;
    }
  }

  private read(from: number, length: number): string {
    let fd: number;
    try {
      fd = openSync(this.path, "r");
    } catch {
      return "";
    }
    try {
      const available = Math.min(length, fstatSync(fd).size - from);
      if (available <= 0) return "";
      const buffer = Buffer.alloc(available);
      const got = readSync(fd, buffer, 0, available, from);
      // A multi-byte character cut at the end is left for the next read.
      let end = got;
      while (end > 0 && (buffer[end - 1] & 0xc0) === 0x80) end -= 1;
      if (end > 0 && buffer[end - 1] >= 0xc0) end -= 1;
      return buffer.subarray(0, end === 0 && got > 0 ? got : end).toString("utf8");
    } finally {
      closeSync(fd);
    }
  }
}
