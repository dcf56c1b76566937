import type { ProcessRun } from "./managed-process";

/** The longest a start may take on a busy 2-core machine (tsx compiles every file on first load). */
export const START_TIMEOUT_MS = 60_000;

/**
 * Polls `url` until it answers 2xx; fails after `timeoutMs`, or as soon as `run` exits (with its
 * last lines). Waits on the condition, never a fixed sleep.
 */
export async function waitHttpOk(url: string, run: ProcessRun, headers: Record<string, string> = {}, timeoutMs = START_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer yet";
  while (Date.now() < deadline) {
    if (run.hasExited) throw new Error(`${run.name} exited (${await run.exited}) before ${url} answered. Its last lines:\n${run.tail()}\n(log: ${run.logFile})`);
    try {
      const response = await fetch(url, { headers, signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
      last = `answered ${response.status}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${run.name} not ready after ${timeoutMs / 1000} s: ${url} ${last}. Its last lines:\n${run.tail()}\n(log: ${run.logFile})`);
}

/** Fetches JSON with a bearer token; throws on a non-2xx answer or no answer. */
export async function getJson<T>(url: string, token?: string): Promise<T> {
  const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: AbortSignal.timeout(5000) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}
