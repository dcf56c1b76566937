import type { Logger } from "./logger";

/** One access log line's own fields (the writer adds level, message, service and timestamp). */
export interface AccessLogFields {
  method: string;
  path: string;
  status: number;
  route: string;
  upstream: string;
  durationMs: number;
  requestId: string;
}

/** Writes text to where the logger's lines go (stdout). */
export type LineSink = (text: string) => void;

const writers = new Set<AccessLog>();
let exitHooked = false;

/**
 * The hot path's access log: one JSON line per request, of the same shape as the logger's own lines
 * (`level`, `message: "request"`, `service`, `timestamp`, keys in the same sorted order), but
 * formatted directly and written in batches: the lines of one turn of the event loop go out in one
 * write, at the end of that turn, and whatever is pending when the process exits. Measured on the
 * proxy (docs/proxy.md, "Performance"): winston's format pipeline and one write per line cost more
 * than routing, flags and forwarding together. A process killed with SIGKILL loses at most the lines
 * of its last turn.
 */
export class AccessLog {
  private pending = "";
  private scheduled = false;
  private readonly service: string;

  constructor(
    service: string,
    private readonly sink: LineSink = (text) => void process.stdout.write(text),
  ) {
    this.service = JSON.stringify(service);
    writers.add(this);
    if (!exitHooked) {
      exitHooked = true;
      process.once("exit", () => {
        for (const writer of writers) writer.flush();
      });
    }
  }

  write(fields: AccessLogFields): void {
    this.pending +=
      `{"durationMs":${fields.durationMs},"level":"info","message":"request","method":${JSON.stringify(fields.method)}` +
      `,"path":${JSON.stringify(fields.path)},"requestId":${JSON.stringify(fields.requestId)},"route":${JSON.stringify(fields.route)}` +
      `,"service":${this.service},"status":${fields.status},"timestamp":"${new Date().toISOString()}","upstream":${JSON.stringify(fields.upstream)}}\n`;
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Writes the pending lines now. */
  flush(): void {
    this.scheduled = false;
    if (this.pending === "") return;
    const text = this.pending;
    this.pending = "";
    this.sink(text);
  }

  /** Flushes and stops being flushed at exit. */
  close(): void {
    this.flush();
    writers.delete(this);
  }
}

/**
 * The access log of a deployable whose logger is `logger`: null when the logger would drop `info`
 * lines (LOG_LEVEL warn or error, or a silent logger), so the hot path does not build them at all.
 */
export function accessLogFor(logger: Logger, sink?: LineSink): AccessLog | null {
  if (logger.silent || !logger.isLevelEnabled("info")) return null;
  const service = (logger.defaultMeta as { service?: unknown } | undefined)?.service;
  return new AccessLog(typeof service === "string" ? service : "unknown", sink);
}
