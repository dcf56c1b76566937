import { Writable } from "node:stream";
import { QueryFailedError } from "typeorm";
import winston from "winston";
import { createLogger } from "./logger";
import { redactLogFields, safeError, safeErrorMessage } from "./safe-error";

const EMAIL = "ann.customer@example.com";
const PASSWORD_HASH = "scrypt$16384$8$1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5";
const SQL = 'INSERT INTO "customers"("email", "name", "password_hash") VALUES (?, ?, ?)';

/** What better-sqlite3 throws; `echo` makes its message carry a value, as some drivers' messages do. */
function driverError(echo = ""): Error {
  return Object.assign(new Error(`UNIQUE constraint failed: customers.email${echo}`), { code: "SQLITE_CONSTRAINT_UNIQUE" });
}

const failedQuery = (echo = "") => new QueryFailedError(SQL, [EMAIL, "Ann", PASSWORD_HASH], driverError(echo));

/** The JSON lines a real logger (createLogger's formats) writes. */
function captured(log: (logger: winston.Logger) => void): string {
  let out = "";
  const logger = createLogger({ service: "test" });
  logger.clear();
  logger.add(new winston.transports.Stream({ stream: new Writable({ write: (chunk, _enc, done) => ((out += String(chunk)), done()) }) }));
  log(logger);
  return out;
}

describe("safeError", () => {
  it("keeps the SQL text, the error code and the message, and replaces the parameters by their count", () => {
    const safe = safeError(failedQuery());
    expect(safe).toMatchObject({ name: "QueryFailedError", code: "SQLITE_CONSTRAINT_UNIQUE", query: SQL, parameters: "[redacted]: 3 parameters", message: "UNIQUE constraint failed: customers.email" });
    const text = JSON.stringify(safe);
    expect(text).not.toContain(EMAIL);
    expect(text).not.toContain(PASSWORD_HASH);
    expect(text).not.toContain("driverError");
  });

  it("scrubs parameter values a driver echoed into its message, from the message and the stack", () => {
    const safe = safeError(failedQuery(` (value ${EMAIL})`));
    expect(safe.message).toBe("UNIQUE constraint failed: customers.email (value [redacted])");
    expect(safe.stack).toContain("[redacted]");
    expect(JSON.stringify(safe)).not.toContain(EMAIL);
    expect(safeErrorMessage(failedQuery(` ${PASSWORD_HASH}`))).toBe("QueryFailedError: UNIQUE constraint failed: customers.email [redacted]");
  });

  it("keeps only allow-listed fields: a PostgreSQL detail or an HTTP client's config never pass", () => {
    const pg = Object.assign(new Error("duplicate key value violates unique constraint"), { code: "23505", detail: `Key (email)=(${EMAIL}) already exists.`, config: { headers: { authorization: "Bearer s3cret" } } });
    const text = JSON.stringify(safeError(new Error("apply failed", { cause: pg })));
    expect(text).toContain("23505");
    expect(text).not.toContain(EMAIL);
    expect(text).not.toContain("s3cret");
  });

  it("follows causes, scrubbing values of a failed query wrapped deeper", () => {
    const outer = new Error(`could not save ${EMAIL}`, { cause: failedQuery() });
    const safe = safeError(outer);
    expect(safe.message).toBe("could not save [redacted]");
    expect(safe.cause).toMatchObject({ name: "QueryFailedError", parameters: "[redacted]: 3 parameters" });
    expect(JSON.stringify(safe)).not.toContain(EMAIL);
  });

  it("describes non-errors without throwing", () => {
    expect(safeError("plain text")).toEqual({ name: "NonError", message: "plain text" });
    expect(safeError(undefined).message).toBe("non-error value (undefined)");
    expect(safeErrorMessage(null)).toBe("non-error value (null)");
  });
});

describe("the logger never writes a failed query's values", () => {
  it.each([
    ["as { err }", (logger: winston.Logger) => logger.error("unhandled error", { err: failedQuery(` ${EMAIL}`) })],
    ["as { err: safeError(err) }", (logger: winston.Logger) => logger.error("unhandled error", { err: safeError(failedQuery()) })],
    ["as the message", (logger: winston.Logger) => logger.error(failedQuery(` ${EMAIL}`) as unknown as string)],
    ["as the meta", (logger: winston.Logger) => logger.error("unhandled error", failedQuery(` ${EMAIL}`))],
  ])("%s", (_how, log) => {
    const out = captured(log);
    expect(out).toContain("customers.email");
    expect(out).not.toContain(EMAIL);
    expect(out).not.toContain(PASSWORD_HASH);
  });

  it("redactLogFields leaves lines without errors as they are", () => {
    expect(redactLogFields({ message: "request", path: "/products", status: 200 })).toEqual({ message: "request", path: "/products", status: 200 });
  });
});
