import { rawRequest } from "../proxy";
import { logIn, logOut } from "./shop-session";

/** How long the session bridge lagged behind the monolith, per sample (ms). */
export interface SessionBridgeTimings {
  /** From the monolith's login answer to the service first accepting the cookie. */
  loginToAccepted: number[];
  /** From the monolith's logout answer to the service first refusing the cookie (401). */
  logoutToRefused: number[];
}

/** Polls `GET /orders` on the service with `cookie` until it answers `status`; resolves with the time it took (ms). */
async function until(serviceUrl: string, cookie: string, status: number, since: number, timeoutMs: number): Promise<number> {
  for (;;) {
    const answer = await rawRequest(serviceUrl, { path: "/orders?pageSize=1", headers: { cookie } });
    const elapsed = performance.now() - since;
    if (answer.status === status) return elapsed;
    if (elapsed > timeoutMs) throw new Error(`the service still answers ${answer.status} (not ${status}) after ${Math.round(elapsed)} ms`);
  }
}

/**
 * Logs seeded customer `customer` in and out at the monolith `samples` times and measures how long
 * the orders service takes to accept the new cookie, and to refuse it after the logout: the
 * staleness bound of the session bridge is this sync lag (docs/orders.md).
 */
export async function measureSessionBridge(shopUrl: string, serviceUrl: string, options: { samples: number; customer?: number; timeoutMs?: number }): Promise<SessionBridgeTimings> {
  const timings: SessionBridgeTimings = { loginToAccepted: [], logoutToRefused: [] };
  const timeoutMs = options.timeoutMs ?? 10_000;
  for (let i = 0; i < options.samples; i++) {
    const cookie = await logIn(shopUrl, options.customer ?? 1);
    timings.loginToAccepted.push(await until(serviceUrl, cookie, 200, performance.now(), timeoutMs));
    await logOut(shopUrl, cookie);
    timings.logoutToRefused.push(await until(serviceUrl, cookie, 401, performance.now(), timeoutMs));
  }
  return timings;
}

/** p50, p99 and max of a list of milliseconds, rounded to 0.1 ms. */
export function percentiles(values: readonly number[]): { p50: number; p99: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] * 10) / 10;
  return { p50: at(0.5), p99: at(0.99), max: Math.round(sorted[sorted.length - 1] * 10) / 10 };
}
