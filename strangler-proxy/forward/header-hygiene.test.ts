import { forwardedElement, forwardingPolicy, requestHeaders, responseHeaders, type ForwardedInfo } from "./header-hygiene";

const info: ForwardedInfo = {
  clientAddress: "10.0.0.7",
  proto: "http",
  host: "shop.example",
  requestId: "rid-1",
  httpVersion: "1.1",
  target: { raw: "/x", form: "origin", originForm: "/x" },
};
const policy = forwardingPolicy({ trustedProxies: [], forwarded: true, xForwarded: true, via: "strangler" });
const trusting = forwardingPolicy({ trustedProxies: ["10.0.0.0/8"], forwarded: true, xForwarded: true, via: "strangler" });
const ADDED = ["x-request-id", "rid-1", "forwarded", "for=10.0.0.7;host=shop.example;proto=http", "x-forwarded-for", "10.0.0.7", "x-forwarded-host", "shop.example", "x-forwarded-proto", "http", "via", "1.1 strangler"];

describe("requestHeaders", () => {
  it("keeps every end-to-end field in its order, letter case and repeats, then adds the proxy's own", () => {
    const raw = ["Host", "shop.example", "X-B", "2", "accept", "*/*", "x-b", "3", "Proxy-Authorization", "Basic abc", "Cookie", "a=1", "Cookie", "b=2"];
    expect(requestHeaders(raw, info, policy).headers).toEqual([...raw, ...ADDED]);
  });

  it("drops hop-by-hop fields (RFC 9110 §7.6.1) and those Connection names", () => {
    const raw = ["Host", "h", "Connection", "keep-alive, X-Secret", "Keep-Alive", "timeout=5", "Proxy-Connection", "keep-alive", "Upgrade", "h2c", "X-Secret", "s", "Accept", "*/*"];
    const names = requestHeaders(raw, info, policy).headers.filter((_, i) => i % 2 === 0);
    expect(names.slice(0, 2)).toEqual(["Host", "Accept"]);
    expect(names).not.toEqual(expect.arrayContaining(["Connection", "Keep-Alive", "X-Secret", "Upgrade"]));
  });

  it("never lets Connection remove Host or the body's framing", () => {
    const raw = ["Host", "h", "Connection", "host, content-length, transfer-encoding", "Content-Length", "4"];
    const { headers, framed } = requestHeaders(raw, info, policy);
    expect(headers.slice(0, 4)).toEqual(["Host", "h", "Content-Length", "4"]);
    expect(framed).toBe(true);
  });

  it("drops client-sent x-strangler-* fields, nothing that merely starts alike", () => {
    const headers = requestHeaders(["x-strangler-side", "service", "x-stranglerish", "kept"], info, policy).headers;
    expect(headers.slice(0, 2)).toEqual(["x-stranglerish", "kept"]);
    expect(headers).not.toContain("x-strangler-side");
  });

  it("keeps the client's x-request-id in place when it is the id in use, replaces it otherwise", () => {
    expect(requestHeaders(["X-Request-Id", "rid-1", "A", "1"], info, policy).headers.slice(0, 4)).toEqual(["X-Request-Id", "rid-1", "A", "1"]);
    const replaced = requestHeaders(["X-Request-Id", "bad id!", "A", "1"], info, policy).headers;
    expect(replaced).not.toContain("bad id!");
    expect(replaced).toContain("rid-1");
  });

  it("replaces an untrusted client's Forwarded and X-Forwarded-* values", () => {
    const raw = ["Forwarded", "for=1.2.3.4", "X-Forwarded-For", "1.2.3.4", "X-Forwarded-Host", "evil", "X-Forwarded-Proto", "https"];
    expect(requestHeaders(raw, info, policy).headers).toEqual(ADDED);
  });

  it("appends to a trusted hop's Forwarded and X-Forwarded-For, and keeps its X-Forwarded-Host/-Proto", () => {
    const raw = ["Forwarded", "for=203.0.113.9;proto=https", "X-Forwarded-For", "203.0.113.9", "X-Forwarded-Host", "shop.example.com", "X-Forwarded-Proto", "https", "Via", "1.1 lb"];
    expect(requestHeaders(raw, info, trusting).headers).toEqual([
      "Forwarded",
      "for=203.0.113.9;proto=https, for=10.0.0.7;host=shop.example;proto=http",
      "X-Forwarded-For",
      "203.0.113.9, 10.0.0.7",
      "X-Forwarded-Host",
      "shop.example.com",
      "X-Forwarded-Proto",
      "https",
      "Via",
      "1.1 lb, 1.1 strangler",
      "x-request-id",
      "rid-1",
    ]);
  });

  it("adds nothing the policy turns off", () => {
    const off = forwardingPolicy({ trustedProxies: [], forwarded: false, xForwarded: false, via: false });
    expect(requestHeaders(["Forwarded", "for=x", "X-Forwarded-For", "1.2.3.4"], info, off).headers).toEqual(["Forwarded", "for=x", "X-Forwarded-For", "1.2.3.4", "x-request-id", "rid-1"]);
  });

  it("replaces Host in place, or adds it first when the client sent none", () => {
    expect(requestHeaders(["A", "1", "Host", "client.example"], info, policy, { host: "upstream:3001" }).headers.slice(0, 4)).toEqual(["A", "1", "Host", "upstream:3001"]);
    expect(requestHeaders(["A", "1"], info, policy, { host: "upstream:3001" }).headers.slice(0, 2)).toEqual(["Host", "upstream:3001"]);
  });

  it("keeps Connection, Upgrade and what Connection names for an upgrade", () => {
    const raw = ["Host", "h", "Connection", "Upgrade, HTTP2-Settings", "Upgrade", "h2c", "HTTP2-Settings", "AAMAAABkAAQAAP__", "Keep-Alive", "x"];
    expect(requestHeaders(raw, info, policy, { upgrade: true }).headers.slice(0, 8)).toEqual(raw.slice(0, 8));
  });

  it("offers trailers upstream when the client did", () => {
    const headers = requestHeaders(["TE", "trailers", "Connection", "TE"], info, policy).headers;
    expect(headers.slice(-4)).toEqual(["te", "trailers", "connection", "te"]);
  });

  it("replaces the client's framing by the length of a buffered body", () => {
    const { headers, framed } = requestHeaders(["Transfer-Encoding", "chunked", "A", "1"], info, policy, { bodyLength: 5 });
    expect(headers.slice(0, 4)).toEqual(["A", "1", "content-length", "5"]);
    expect(framed).toBe(true);
    expect(requestHeaders(["A", "1"], info, policy, { bodyLength: 0 }).framed).toBe(false);
  });
});

describe("responseHeaders", () => {
  it("keeps every end-to-end field (each Set-Cookie, Proxy-Authenticate) and drops the hop-by-hop ones", () => {
    const raw = ["Set-Cookie", "a=1", "Connection", "keep-alive", "Keep-Alive", "timeout=5", "Proxy-Authenticate", "Basic", "set-cookie", "b=2", "X-Request-Id", "up-1"];
    expect(responseHeaders(raw, "rid-1")).toEqual(["Set-Cookie", "a=1", "Proxy-Authenticate", "Basic", "set-cookie", "b=2", "X-Request-Id", "up-1"]);
  });

  it("adds x-request-id when the upstream sent none", () => {
    expect(responseHeaders(["A", "1"], "rid-1")).toEqual(["A", "1", "x-request-id", "rid-1"]);
  });

  it("keeps Connection and Upgrade on a 101 answer", () => {
    expect(responseHeaders(["Connection", "upgrade", "Upgrade", "websocket", "X-Request-Id", "r"], "rid-1", { upgrade: true })).toEqual(["Connection", "upgrade", "Upgrade", "websocket", "X-Request-Id", "r"]);
  });

  it("leaves chunked framing and trailers out for an HTTP/1.0 client", () => {
    expect(responseHeaders(["Transfer-Encoding", "chunked", "Trailer", "X-T", "A", "1"], "rid-1", { http10Client: true })).toEqual(["A", "1", "x-request-id", "rid-1"]);
  });
});

describe("forwardedElement", () => {
  it("quotes IPv6 nodes and hosts that are not tokens", () => {
    expect(forwardedElement({ clientAddress: "::1", host: "shop.example:8080", proto: "https" })).toBe('for="[::1]";host="shop.example:8080";proto=https');
    expect(forwardedElement({ clientAddress: "::ffff:10.1.2.3", host: undefined, proto: "http" })).toBe("for=10.1.2.3;proto=http");
  });
});
