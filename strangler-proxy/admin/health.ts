import { request } from "node:http";
import { request as httpsRequest } from "node:https";
import type { UpstreamConfig } from "../config/schema";

/** The health path asked when an upstream names none. */
export const DEFAULT_HEALTH_PATH = "/healthz";

/** The status `url` answers a GET with within `timeoutMs`, or 0 when it does not answer; never rejects. */
export function probeStatus(url: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve) => {
    // However the upstream answers (or does not: a 101 to a plain GET, a socket left open), the probe ends in time.
    const timer = setTimeout(() => {
      req?.destroy();
      resolve(0);
    }, timeoutMs);
    const settle = (status: number) => {
      clearTimeout(timer);
      resolve(status);
    };
    let req: ReturnType<typeof request> | undefined;
    try {
      const send = url.startsWith("https:") ? httpsRequest : request;
      req = send(url, { method: "GET", timeout: timeoutMs, agent: false }, (res) => {
        res.resume();
        settle(res.statusCode ?? 0);
      });
      req.on("upgrade", (res, socket) => {
        socket.destroy();
        settle(res.statusCode ?? 0);
      });
      req.on("timeout", () => req?.destroy(new Error("timeout")));
      req.on("error", () => settle(0));
      req.end();
    } catch {
      settle(0);
    }
  });
}

/** Resolves true when `url` answers 2xx within `timeoutMs`; never rejects. */
export async function probe(url: string, timeoutMs: number): Promise<boolean> {
  const status = await probeStatus(url, timeoutMs);
  return status >= 200 && status < 300;
}

/**
 * Whether an upstream is up: its configured `healthPath` answers 2xx; without one, `/healthz` is
 * asked and any answer but 502/503/504 counts (an app without a health endpoint answers 404: it is
 * up, and never held back for lacking one).
 */
export async function upstreamHealthy(upstream: Pick<UpstreamConfig, "url" | "healthPath">, timeoutMs: number): Promise<boolean> {
  const status = await probeStatus(new URL(upstream.healthPath ?? DEFAULT_HEALTH_PATH, upstream.url).toString(), timeoutMs);
  if (upstream.healthPath !== undefined) return status >= 200 && status < 300;
  return status > 0 && status !== 502 && status !== 503 && status !== 504;
}
