import type { ForwardedInfo } from "./header-hygiene";
import { hostOverride, outgoingTarget, upstreamEndpoint } from "./outgoing";

const info = (raw: string, form: "origin" | "absolute" | "asterisk" = "origin", authority?: string, originForm = raw): ForwardedInfo => ({
  clientAddress: "10.0.0.1",
  proto: "http",
  host: authority ?? "shop.example",
  requestId: "r",
  httpVersion: "1.1",
  target: { raw, form, originForm, authority },
});

describe("outgoingTarget", () => {
  const plain = upstreamEndpoint({ name: "app", url: "http://127.0.0.1:3001", timeoutMs: 1000 });
  const based = upstreamEndpoint({ name: "app", url: "http://127.0.0.1:3001/legacy/", timeoutMs: 1000 });
  const vhost = upstreamEndpoint({ name: "app", url: "http://127.0.0.1:3001", timeoutMs: 1000, hostHeader: "upstream" });

  it("sends the target as the client sent it", () => {
    expect(outgoingTarget(plain, info("/a%2Fb/./c?q=%zz").target)).toBe("/a%2Fb/./c?q=%zz");
    expect(outgoingTarget(plain, info("*", "asterisk").target)).toBe("*");
    expect(outgoingTarget(plain, info("http://shop.example/p?q", "absolute", "shop.example", "/p?q").target)).toBe("http://shop.example/p?q");
  });

  it("prefixes the path of the upstream's URL, and then sends absolute-form in origin-form", () => {
    expect(outgoingTarget(based, info("/a%2Fb").target)).toBe("/legacy/a%2Fb");
    expect(outgoingTarget(based, info("http://shop.example/p?q", "absolute", "shop.example", "/p?q").target)).toBe("/legacy/p?q");
  });

  it("sends absolute-form in origin-form when the upstream's Host is not the client's", () => {
    expect(outgoingTarget(vhost, info("http://shop.example/p?q", "absolute", "shop.example", "/p?q").target)).toBe("/p?q");
  });
});

describe("hostOverride", () => {
  const endpoint = (hostHeader?: string) => upstreamEndpoint({ name: "app", url: "http://[::1]:3001", timeoutMs: 1000, hostHeader });

  it("keeps the client's Host by default", () => {
    expect(hostOverride(endpoint(), info("/"), "shop.example")).toBeUndefined();
  });

  it("takes an absolute-form target's authority (RFC 9112 §3.2.2)", () => {
    expect(hostOverride(endpoint(), info("http://a.example:81/", "absolute", "a.example:81", "/"), "other.example")).toBe("a.example:81");
  });

  it("gives the upstream's own host to a client that sent none", () => {
    expect(hostOverride(endpoint(), info("/"), undefined)).toBe("[::1]:3001");
  });

  it("sends the upstream's host or a fixed value when configured", () => {
    expect(hostOverride(endpoint("upstream"), info("/"), "shop.example")).toBe("[::1]:3001");
    expect(hostOverride(endpoint("legacy.internal"), info("/"), "shop.example")).toBe("legacy.internal");
  });
});
