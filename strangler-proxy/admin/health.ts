import { request } from "node:http";
import { request as httpsRequest } from "node:https";

/** Resolves true when `url` answers 2xx within `timeoutMs`; never rejects. */
export function probe(url: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    try {
      const send = url.startsWith("https:") ? httpsRequest : request;
      const req = send(url, { method: "GET", timeout: timeoutMs, agent: false }, (res) => {
        res.resume();
        resolve((res.statusCode ?? 500) < 300);
      });
      req.on("timeout", () => req.destroy(new Error("timeout")));
      req.on("error", () => resolve(false));
      req.end();
    } catch {
      resolve(false);
    }
  });
}
