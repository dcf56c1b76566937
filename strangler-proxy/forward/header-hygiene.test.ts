import type { ClientRequest, IncomingMessage } from "node:http";
import { cleanRequestHeaders, cleanResponseHeaders } from "./header-hygiene";

/** A stand-in for the outgoing request: just its header map. */
function outgoing(initial: Record<string, string>) {
  const headers = new Map(Object.entries(initial));
  const request = {
    removeHeader: (name: string) => headers.delete(name),
    setHeader: (name: string, value: string) => headers.set(name, value),
  } as unknown as ClientRequest;
  return { request, headers };
}

const info = { clientAddress: "10.0.0.7", proto: "http" as const, host: "shop.example", requestId: "rid-1" };

describe("cleanRequestHeaders", () => {
  it("drops hop-by-hop headers and the ones Connection names", () => {
    const incoming = { connection: "keep-alive, x-secret", "keep-alive": "timeout=5", te: "trailers", "x-secret": "s", accept: "*/*" };
    const { request, headers } = outgoing(incoming);
    cleanRequestHeaders(request, incoming, info);
    expect([...headers.keys()].sort()).toEqual(["accept", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-request-id"]);
  });

  it("drops client-sent x-strangler-* headers", () => {
    const incoming = { "x-strangler-side": "service", "x-stranglerish": "kept" };
    const { request, headers } = outgoing(incoming);
    cleanRequestHeaders(request, incoming, info);
    expect(headers.has("x-strangler-side")).toBe(false);
    expect(headers.get("x-stranglerish")).toBe("kept");
  });

  it("appends the client to X-Forwarded-For and sets proto, host and the request id", () => {
    const incoming = { "x-forwarded-for": "203.0.113.1" };
    const { request, headers } = outgoing(incoming);
    cleanRequestHeaders(request, incoming, info);
    expect(Object.fromEntries(headers)).toMatchObject({
      "x-forwarded-for": "203.0.113.1, 10.0.0.7",
      "x-forwarded-proto": "http",
      "x-forwarded-host": "shop.example",
      "x-request-id": "rid-1",
    });
  });

  it("keeps Connection and Upgrade for a websocket upgrade", () => {
    const incoming = { connection: "Upgrade", upgrade: "websocket" };
    const { request, headers } = outgoing(incoming);
    cleanRequestHeaders(request, incoming, info, true);
    expect(headers.get("connection")).toBe("Upgrade");
    expect(headers.get("upgrade")).toBe("websocket");
  });
});

describe("cleanResponseHeaders", () => {
  it("drops hop-by-hop response headers but leaves Connection to the proxy", () => {
    const response = { statusCode: 200, headers: { connection: "keep-alive", "keep-alive": "timeout=5", "proxy-authenticate": "Basic", "content-type": "text/plain" } };
    cleanResponseHeaders(response as unknown as IncomingMessage);
    expect(response.headers).toEqual({ connection: "keep-alive", "content-type": "text/plain" });
  });

  it("keeps Upgrade on a 101 answer", () => {
    const response = { statusCode: 101, headers: { connection: "upgrade", upgrade: "websocket" } };
    cleanResponseHeaders(response as unknown as IncomingMessage);
    expect(response.headers).toEqual({ connection: "upgrade", upgrade: "websocket" });
  });
});
