import { driverErrorCode } from "./busy-retry";

/** What replaces a redacted value in logs and stored records. */
export const REDACTED = "[redacted]";

/**
 * An error as it may be logged: name, message, code, the SQL text and the stack, never the values.
 * Built from an allow-list, so fields a driver or library adds (`parameters`, PostgreSQL's `detail`,
 * an HTTP client's `config.headers`…) never reach a log line.
 */
export interface SafeError {
  name: string;
  message: string;
  /** The driver's code (`SQLITE_CONSTRAINT_UNIQUE`, `23505`…) or the error's own string code. */
  code?: string;
  /** An HTTP status the error carries. */
  status?: number;
  /** The SQL text of a failed query (TypeORM's QueryFailedError); its values are in `parameters`, never here. */
  query?: string;
  /** `[redacted: N parameters]` in place of a failed query's parameter values. */
  parameters?: string;
  stack?: string;
  cause?: SafeError;
}

const MAX_QUERY = 2000;
const MAX_STACK_LINES = 12;
/** Shorter parameter values are not scrubbed from messages: `1` or `true` would blank every digit. */
const MIN_SCRUBBED_LENGTH = 4;

type Fields = Record<string, unknown>;
const fieldsOf = (value: unknown): Fields | undefined => (value !== null && typeof value === "object" ? (value as Fields) : undefined);

/** The string values among a query's parameters (nested arrays and objects too), longest first. */
function secretsOf(err: unknown, depth = 0): string[] {
  const found = new Set<string>();
  const collect = (value: unknown, level: number): void => {
    if (level > 4) return;
    if (typeof value === "string") {
      if (value.length >= MIN_SCRUBBED_LENGTH) found.add(value);
    } else if (typeof value === "number" || typeof value === "bigint") {
      if (String(value).length >= MIN_SCRUBBED_LENGTH) found.add(String(value));
    } else if (Buffer.isBuffer(value)) {
      return;
    } else if (Array.isArray(value)) {
      for (const item of value) collect(item, level + 1);
    } else if (fieldsOf(value)) {
      for (const item of Object.values(value as Fields)) collect(item, level + 1);
    }
  };
  const fields = fieldsOf(err);
  if (!fields || depth > 4) return [];
  collect(fields.parameters, 0);
  collect(fieldsOf(fields.driverError)?.parameters, 0);
  for (const secret of secretsOf(fields.cause, depth + 1)) found.add(secret);
  return [...found].sort((a, b) => b.length - a.length);
}

/** `text` with every occurrence of a secret replaced by `[redacted]`. */
function scrub(text: string, secrets: readonly string[]): string {
  let clean = text;
  for (const secret of secrets) clean = clean.split(secret).join(REDACTED);
  return clean;
}

function parameterCount(parameters: unknown): string | undefined {
  if (parameters === undefined || parameters === null) return undefined;
  const count = Array.isArray(parameters) ? parameters.length : Object.keys(fieldsOf(parameters) ?? {}).length;
  return `${REDACTED}: ${count} parameter${count === 1 ? "" : "s"}`;
}

function build(err: unknown, secrets: readonly string[], depth: number): SafeError {
  if (!(err instanceof Error)) {
    const fields = fieldsOf(err);
    const message = typeof fields?.message === "string" ? fields.message : typeof err === "string" ? err : `non-error value (${err === null ? "null" : typeof err})`;
    return { name: typeof fields?.name === "string" ? fields.name : "NonError", message: scrub(message, secrets).slice(0, 1000) };
  }
  const fields = err as unknown as Fields;
  const safe: SafeError = { name: err.name || err.constructor?.name || "Error", message: scrub(String(err.message ?? ""), secrets) };
  const code = driverErrorCode(err);
  if (code) safe.code = code;
  if (typeof fields.status === "number") safe.status = fields.status;
  if (typeof fields.query === "string") safe.query = fields.query.slice(0, MAX_QUERY);
  const parameters = parameterCount(fields.parameters);
  if (parameters) safe.parameters = parameters;
  if (typeof err.stack === "string") safe.stack = scrub(err.stack.split("\n").slice(0, MAX_STACK_LINES).join("\n"), secrets);
  if (err.cause !== undefined && depth < 3) safe.cause = build(err.cause, secrets, depth + 1);
  return safe;
}

/**
 * The log form of any thrown value: keeps the name, message, the driver's error code, the SQL text of a
 * failed query and the stack; replaces a failed query's parameter values by their count, and scrubs
 * those values from the message and the stack (some drivers echo them). Use it for every `err` field
 * of a log line: `logger.error("…", { err: safeError(err) })`.
 */
export function safeError(err: unknown): SafeError {
  return build(err, secretsOf(err), 0);
}

/** `Name: message` of any thrown value, with a failed query's values scrubbed (a one-line `String(err)`). */
export function safeErrorMessage(err: unknown): string {
  const safe = safeError(err);
  return safe.name && safe.name !== "NonError" ? `${safe.name}: ${safe.message}` : safe.message;
}

/**
 * Replaces, in a winston `info` object, every top-level Error value by its `safeError` form and a
 * failed query's own `parameters` (an Error logged as the message itself) by their count; drops a
 * `driverError` copied up from it. The logger runs it on every line, so a forgotten `{ err }` is safe too.
 */
export function redactLogFields(info: Fields): Fields {
  for (const [key, value] of Object.entries(info)) {
    if (value instanceof Error) info[key] = safeError(value);
  }
  if ("parameters" in info && ("query" in info || "driverError" in info)) {
    const secrets = secretsOf(info);
    info.parameters = parameterCount(info.parameters) ?? REDACTED;
    delete info.driverError;
    if (typeof info.message === "string") info.message = scrub(info.message, secrets);
    if (typeof info.stack === "string") info.stack = scrub(info.stack, secrets);
  }
  return info;
}
