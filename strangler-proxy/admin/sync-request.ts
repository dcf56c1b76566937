import { z } from "zod";
import { ProxyError, ProxyErrorCode } from "../errors";

const key = z.string().min(1).max(500);
const table = z.string().min(1).max(200);
const actor = z.string().min(1).max(200);

const replayBody = z.union([
  z.strictObject({ all: z.literal(true), table: table.optional(), actor: actor.optional() }),
  z.strictObject({ key, table: table.optional(), actor: actor.optional() }),
]);

const discardBody = z.strictObject({
  key,
  table: table.optional(),
  source: z.string().min(1).max(200).optional(),
  reason: z.string().trim().min(1, "say why the change is dropped (it is written to the audit)").max(1000),
  actor: actor.optional(),
});

const parkedQuery = z.object({ table: table.optional(), key: key.optional(), source: z.string().min(1).max(200).optional() });

/** A validated `POST /sync/:service/parked/replay` body. */
export type ReplayRequest = z.output<typeof replayBody>;
/** A validated `POST /sync/:service/parked/discard` body. */
export type DiscardRequest = z.output<typeof discardBody>;

function parse<T>(schema: z.ZodType<T>, input: unknown, shape: string): T {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const fields = result.error.issues.map((issue) => ({ field: issue.path.join(".") || "(body)", message: issue.message }));
  throw new ProxyError(400, ProxyErrorCode.malformedBody, `Send ${shape}; nothing changed.`, fields);
}

/** Validates a replay body; 400 `PROXY_ERR_MALFORMED_BODY` with the failing fields. */
export function parseReplayRequest(body: unknown): ReplayRequest {
  return parse(replayBody, body, `{"key": "<key as listed>", "table"?: text} or {"all": true, "table"?: text}`);
}

/** Validates a discard body (a reason is required); 400 `PROXY_ERR_MALFORMED_BODY` with the failing fields. */
export function parseDiscardRequest(body: unknown): DiscardRequest {
  return parse(discardBody, body, `{"key": "<key as listed>", "table"?: text, "source"?: text, "reason": text (1-1000)}`);
}

/** The query of `GET /sync/:service/parked` passed on to the service (`table`, `key`, `source`; nothing else). */
export function parkedQueryString(query: unknown): string {
  const parsed = parse(parkedQuery, query, `?table=<table>&key=<key>&source=<source>`);
  const params = new URLSearchParams();
  if (parsed.table) params.set("table", parsed.table);
  if (parsed.key) params.set("key", parsed.key);
  if (parsed.source) params.set("source", parsed.source);
  const text = params.toString();
  return text ? `?${text}` : "";
}
