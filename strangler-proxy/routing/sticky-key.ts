import type { StickinessConfig } from "../config/schema";
import { cookieValue } from "./cookies";
import type { RequestView } from "./request-view";

/**
 * The key that keeps a user on one side of a canary: the configured header, then the configured
 * cookie, then the session cookie, then the client address. Unleash buckets it as `userId`.
 */
export function stickyKeyOf(request: Pick<RequestView, "header" | "clientAddress">, stickiness: Readonly<StickinessConfig>): string {
  const fromHeader = stickiness.header ? request.header(stickiness.header) : undefined;
  if (fromHeader) return fromHeader;
  const cookies = request.header("cookie");
  const fromCookie = stickiness.cookie ? cookieValue(cookies, stickiness.cookie) : undefined;
  if (fromCookie) return fromCookie;
  return cookieValue(cookies, stickiness.sessionCookie) || request.clientAddress;
}
