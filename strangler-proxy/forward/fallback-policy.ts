/** Methods that may be sent twice without changing the outcome, so a failed try can be retried elsewhere. */
const RETRYABLE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Why the service was not (fully) used. */
export type FallbackCause = "breaker-open" | "connect-refused" | "not-committed" | "no-answer";

/** Header with which a service answering 503 confirms it did not commit the request (docs/proxy.md, "Fallback"). */
export { NOT_COMMITTED_HEADER } from "../../platform";

/** Whether to retry a request on the monolith after its service failed. */
export type FallbackVerdict = { retry: true } | { retry: false; reason: string };

/**
 * The fallback rule (docs/proxy.md, "Fallback"): an idempotent request (GET, HEAD, OPTIONS) is retried
 * on the monolith whenever the service failed before any response byte. Any other method is retried
 * only when it carries `Idempotency-Key` and nothing can have committed at the service: its breaker was
 * open (nothing sent), the connection was refused (nothing received), or the service answered 503 with
 * `x-strangler-not-committed: 1`; and its body was kept.
 */
export function fallbackVerdict(method: string, hasIdempotencyKey: boolean, cause: FallbackCause, bodyKept: boolean): FallbackVerdict {
  if (RETRYABLE_METHODS.has(method)) return { retry: true };
  if (!hasIdempotencyKey) return { retry: false, reason: `${method} without Idempotency-Key is not retried` };
  if (cause === "no-answer") return { retry: false, reason: `${method} may have committed at the service (it failed after the request was sent)` };
  if (!bodyKept) return { retry: false, reason: `${method} body is larger than fallback.maxBodyBytes and was not kept` };
  return { retry: true };
}

/** True for methods retried without further proof. */
export function isRetryableMethod(method: string): boolean {
  return RETRYABLE_METHODS.has(method);
}
