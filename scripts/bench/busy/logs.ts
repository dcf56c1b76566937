import { closeSync, existsSync, openSync, readSync, statSync } from "node:fs";

/** A place in a log file, to read what was written after it. */
export function logMark(file: string): number {
  return existsSync(file) ? statSync(file).size : 0;
}

/** The JSON lines written to `file` after `mark` (lines that are not JSON are skipped). */
export function logLinesSince(file: string, mark: number): Array<Record<string, unknown>> {
  if (!existsSync(file)) return [];
  const size = statSync(file).size;
  if (size <= mark) return [];
  const buffer = Buffer.alloc(size - mark);
  const fd = openSync(file, "r");
  try {
    readSync(fd, buffer, 0, buffer.length, mark);
  } finally {
    closeSync(fd);
  }
  const lines: Array<Record<string, unknown>> = [];
  for (const text of buffer.toString("utf8").split("\n")) {
    if (!text.startsWith("{")) continue;
    try {
      lines.push(JSON.parse(text) as Record<string, unknown>);
    } catch {
      // a line cut at the end of the read
    }
  }
  return lines;
}

/** What the monolith's own log says about a round: its access log of writes, and every error it logged. */
export interface MonolithLogWindow {
  /** Write requests (not GET) in the access log, per status. */
  writesByStatus: Record<string, number>;
  writes: number;
  /** Errors it logged: the SQLite error code and the statement that failed, counted. */
  errors: Record<string, number>;
}

const SQL_OF = (err: Record<string, unknown> | undefined): string => {
  const query = typeof err?.query === "string" ? err.query : "";
  // Literal values vary per request: "WHERE "id" = 42" and "= 43" are the same statement.
  return query.replace(/\s+/g, " ").replace(/\b\d+\b/g, "N").slice(0, 60);
};

export function monolithWindow(lines: Array<Record<string, unknown>>): MonolithLogWindow {
  const window: MonolithLogWindow = { writesByStatus: {}, writes: 0, errors: {} };
  for (const line of lines) {
    if (line.message === "request" && line.method !== "GET") {
      const status = String(line.status);
      window.writesByStatus[status] = (window.writesByStatus[status] ?? 0) + 1;
      window.writes += 1;
    } else if (line.level === "error") {
      const err = line.err as Record<string, unknown> | undefined;
      const driver = err?.driverError as Record<string, unknown> | undefined;
      const code = String(err?.code ?? driver?.code ?? /SQLITE_[A-Z_]+/.exec(JSON.stringify(line))?.[0] ?? "no code");
      const key = `${code} in ${line.method ?? "?"} ${String(line.path ?? "?").replace(/\/\d+$/, "/:id")}${SQL_OF(err) ? ` at "${SQL_OF(err)}…"` : ""}`;
      window.errors[key] = (window.errors[key] ?? 0) + 1;
    }
  }
  return window;
}

/** Warnings and errors a toolkit process logged, counted by message (first 100 characters). */
export function problems(lines: Array<Record<string, unknown>>): Record<string, number> {
  const counted: Record<string, number> = {};
  for (const line of lines) {
    if (line.level !== "warn" && line.level !== "error") continue;
    const key = `${String(line.level)}: ${String(line.message)}${line.err ? ` (${String((line.err as { message?: unknown }).message ?? JSON.stringify(line.err)).slice(0, 100)})` : ""}`;
    counted[key] = (counted[key] ?? 0) + 1;
  }
  return counted;
}

/** Rows the relay logged as pruned ("pruned published changes past retention"). */
export function prunedRows(lines: Array<Record<string, unknown>>): number {
  return lines.filter((line) => line.message === "pruned published changes past retention").reduce((sum, line) => sum + Number(line.deleted ?? 0), 0);
}
