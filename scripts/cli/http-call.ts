import type { IncomingMessage, RequestOptions } from "node:http";

export interface HttpCall {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

export interface HttpAnswer {
  status: number;
  ok: boolean;
  text: string;
}

/**
 * One HTTP request on its own connection (`Connection: close`), with node's http module rather
 * than `fetch`: a CLI makes a handful of calls and exits, and fetch (undici) costs it twice, about
 * 40 ms to load and about 150 ms after the last answer, while its kept-alive socket holds the
 * process open. Rejects (connection refused, timeout…) with the socket's error.
 */
export function httpCall(call: HttpCall): Promise<HttpAnswer> {
  const url = new URL(call.url);
  const transport = (url.protocol === "https:" ? require("node:https") : require("node:http")) as typeof import("node:http");
  const options: RequestOptions = { method: call.method, headers: { ...call.headers, connection: "close" }, agent: false };
  return new Promise<HttpAnswer>((resolve, reject) => {
    const request = transport.request(url, options, (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", reject);
      response.on("end", () => {
        const status = response.statusCode ?? 0;
        resolve({ status, ok: status >= 200 && status < 300, text: Buffer.concat(chunks).toString("utf8") });
      });
    });
    request.setTimeout(call.timeoutMs, () => request.destroy(new Error(`no answer within ${call.timeoutMs} ms`)));
    request.on("error", reject);
    request.end(call.body);
  });
}
