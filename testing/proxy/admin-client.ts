import { rawRequest, type RawResponse } from "./raw-request";

/** Calls a proxy's admin API with its token (or `token`), JSON in and out. */
export function adminCall(
  proxy: { adminUrl: string; adminToken: string },
  method: string,
  path: string,
  body?: unknown,
  token: string | null = proxy.adminToken,
): Promise<RawResponse> {
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const text = body === undefined ? undefined : JSON.stringify(body);
  if (text !== undefined) {
    headers["content-type"] = "application/json";
    // Node's client sends a DELETE body neither chunked nor with a length unless told: the server would not see it.
    headers["content-length"] = String(Buffer.byteLength(text));
  }
  return rawRequest(proxy.adminUrl, { method, path, headers, body: text });
}

/** Resolves once `check` returns true, polling every `intervalMs`; rejects after `timeoutMs` (generous: a busy machine is slow, a met condition returns at once). */
export async function waitUntil(check: () => Promise<boolean> | boolean, timeoutMs = 30_000, intervalMs = 5): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
