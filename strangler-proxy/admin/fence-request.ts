import { z } from "zod";
import { ProxyError, ProxyErrorCode } from "../errors";
import { DEFAULT_LEASE_MS, MAX_LEASE_MS, MIN_LEASE_MS } from "../flags";

const holder = z.string().min(1).max(200);
const reason = z.string().max(1000);
const actor = z.string().min(1).max(200);

const fenceBody = z
  .object({
    holder: holder.optional(),
    leaseMs: z.number().int().min(MIN_LEASE_MS).max(MAX_LEASE_MS).default(DEFAULT_LEASE_MS),
    reason: reason.optional(),
    actor: actor.optional(),
  })
  .strict();

const liftBody = z.object({ holder: holder.optional(), reason: reason.optional(), actor: actor.optional() }).strict();

/** A validated `PUT /groups/:group/fence` body. */
export type FenceBody = z.output<typeof fenceBody>;
/** A validated `DELETE /groups/:group/fence` body. */
export type LiftBody = z.output<typeof liftBody>;

function parse<T>(schema: z.ZodType<T>, body: unknown, shape: string): T {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const fields = result.error.issues.map((issue) => ({ field: issue.path.join(".") || "(body)", message: issue.message }));
  throw new ProxyError(400, ProxyErrorCode.malformedBody, `Send ${shape}; nothing changed.`, fields);
}

/** Validates a fence body; 400 `PROXY_ERR_MALFORMED_BODY` with the failing fields. */
export function parseFenceBody(body: unknown): FenceBody {
  return parse(fenceBody, body, `{"holder"?: text (1-200), "leaseMs"?: ${MIN_LEASE_MS}-${MAX_LEASE_MS} (default ${DEFAULT_LEASE_MS}), "reason"?: text (up to 1000)}`);
}

/** Validates a lift body; 400 `PROXY_ERR_MALFORMED_BODY` with the failing fields. */
export function parseLiftBody(body: unknown): LiftBody {
  return parse(liftBody, body, `{"holder"?: text (1-200), "reason"?: text (up to 1000)}`);
}
