import type { NextFunction, Request, Response } from "express";
import { QueryFailedError } from "typeorm";
import { errorHandler } from "./error-handler";
import type { Logger } from "./logger";
import { isWriteFencedError, WRITE_FENCED_MARK } from "./write-fenced";

// What better-sqlite3 throws when a fence trigger's RAISE(ABORT, …) fires.
function sqliteFenceError(): Error {
  return Object.assign(new Error(`${WRITE_FENCED_MARK}: writes to "products" are fenced: this database does not own them now`), { code: "SQLITE_CONSTRAINT_TRIGGER" });
}

describe("isWriteFencedError", () => {
  it("recognises the driver's error and TypeORM's QueryFailedError around it", () => {
    expect(isWriteFencedError(sqliteFenceError())).toBe(true);
    expect(isWriteFencedError(new QueryFailedError(`INSERT INTO "products" …`, [], sqliteFenceError()))).toBe(true);
  });

  it("looks into driverError and cause when the outer message does not carry the mark", () => {
    expect(isWriteFencedError(Object.assign(new Error("query failed"), { driverError: sqliteFenceError() }))).toBe(true);
    expect(isWriteFencedError(new Error("apply failed", { cause: new QueryFailedError("UPDATE …", [], sqliteFenceError()) }))).toBe(true);
  });

  it("does not take other constraint errors or non-errors for a fence", () => {
    const unique = Object.assign(new Error("UNIQUE constraint failed: products.sku"), { code: "SQLITE_CONSTRAINT_UNIQUE" });
    expect(isWriteFencedError(new QueryFailedError("INSERT …", [], unique))).toBe(false);
    expect(isWriteFencedError(WRITE_FENCED_MARK)).toBe(false);
    expect(isWriteFencedError({ message: WRITE_FENCED_MARK })).toBe(false);
    expect(isWriteFencedError(undefined)).toBe(false);
  });
});

interface Answer {
  status?: number;
  headers: Record<string, string>;
  body?: unknown;
}

function fakeResponse(answer: Answer): Response {
  const res = {
    headersSent: false,
    locals: { requestId: "req-1" },
    setHeader(name: string, value: string) {
      answer.headers[name.toLowerCase()] = value;
      return res;
    },
    status(code: number) {
      answer.status = code;
      return res;
    },
    json(body: unknown) {
      answer.body = body;
      return res;
    },
    destroy() {},
  };
  return res as unknown as Response;
}

function recordingLogger(lines: Array<{ level: string; message: string }>): Logger {
  const at = (level: string) => (message: string) => lines.push({ level, message });
  return { warn: at("warn"), error: at("error"), info: at("info") } as unknown as Logger;
}

function handle(err: unknown, writeFenced?: string): { answer: Answer; lines: Array<{ level: string; message: string }> } {
  const answer: Answer = { headers: {} };
  const lines: Array<{ level: string; message: string }> = [];
  const handler = errorHandler(recordingLogger(lines), { malformedBody: "X_MALFORMED", notFound: "X_NOT_FOUND", internal: "X_INTERNAL", writeFenced });
  handler(err, { method: "POST", path: "/products" } as Request, fakeResponse(answer), (() => undefined) as NextFunction);
  return { answer, lines };
}

describe("errorHandler with a writeFenced code", () => {
  it("answers a fenced write 503 with Retry-After and x-strangler-not-committed, logged as a warning", () => {
    const { answer, lines } = handle(new QueryFailedError("INSERT …", [], sqliteFenceError()), "X_WRITE_FENCED");
    expect(answer.status).toBe(503);
    expect(answer.headers).toEqual({ "retry-after": "1", "x-strangler-not-committed": "1" });
    expect(answer.body).toEqual({ error: { code: "X_WRITE_FENCED", message: expect.stringContaining("retry shortly") } });
    expect(lines.map((line) => line.level)).toEqual(["warn"]);
  });

  it("answers it as an unexpected 500 when the module passes no writeFenced code", () => {
    const { answer, lines } = handle(sqliteFenceError());
    expect(answer.status).toBe(500);
    expect(answer.headers).toEqual({});
    expect(lines.map((line) => line.level)).toEqual(["error"]);
  });
});
