import { callJson, type JsonAnswer } from "../../platform";
import { LegacyRefusal } from "./legacy-calls";

export interface LegacyRequest {
  method: string;
  url: string;
  /** Sent as `Authorization: Bearer …` when given. */
  token?: string;
  body?: unknown;
  /** Default 10 s: well under LegacyCalls' `maxCallMs`. */
  timeoutMs?: number;
}

/** Statuses that say "try again", not "no": the call may be retried with the same key. */
const RETRYABLE = new Set([408, 425, 429]);

/**
 * One JSON call to the legacy app, sorted the way LegacyCalls needs: a 2xx answer resolves with
 * its JSON; a 4xx (but 408/425/429) is a certain no and throws LegacyRefusal with the app's error
 * code; anything else (no answer, a 5xx, a retryable 4xx) throws a plain Error: the outcome is
 * unknown, and the call is retried with the same idempotency key or compensated.
 */
export async function callLegacy(request: LegacyRequest): Promise<unknown> {
  const answer: JsonAnswer = await callJson({
    method: request.method,
    url: request.url,
    headers: request.token ? { authorization: `Bearer ${request.token}` } : {},
    body: request.body,
    timeoutMs: request.timeoutMs ?? 10_000,
  });
  if (answer.ok) return answer.json;
  const message = answer.error?.message ?? `${request.method} ${request.url} answered ${answer.status}`;
  if (answer.status >= 400 && answer.status < 500 && !RETRYABLE.has(answer.status)) throw new LegacyRefusal(answer.status, answer.error?.code, message);
  throw new Error(`${request.method} ${request.url} answered ${answer.status}: ${message}`);
}
