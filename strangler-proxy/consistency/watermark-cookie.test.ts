import { WatermarkCookie } from "./watermark-cookie";

const valueOf = (setCookie: string) => setCookie.split(";")[0];

describe("WatermarkCookie", () => {
  const cookie = new WatermarkCookie("strangler_ryw", "a-shared-secret-of-some-length", 60_000);
  const watermark = { monolith: { stream: "CDC_MONOLITH", position: 42 }, catalog: { stream: "CDC_CATALOG", position: 7 } };

  it("round-trips a watermark through Set-Cookie and Cookie, among other cookies", () => {
    const set = cookie.serialise(watermark);
    expect(set).toMatch(/^strangler_ryw=v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+; Max-Age=60; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(cookie.read(`shop_session=abc; ${valueOf(set)}; theme=dark`)).toEqual(watermark);
  });

  it("is read by another instance with the same secret, and by none with another", () => {
    const set = valueOf(cookie.serialise(watermark));
    expect(new WatermarkCookie("strangler_ryw", "a-shared-secret-of-some-length", 60_000).read(set)).toEqual(watermark);
    expect(new WatermarkCookie("strangler_ryw", "another-secret-of-some-length", 60_000).read(set)).toBeUndefined();
  });

  it("refuses a tampered payload (a client cannot lower its own watermark) and garbage", () => {
    const [name, value] = valueOf(cookie.serialise(watermark)).split("=");
    const [version, , signature] = value.split(".");
    const forged = Buffer.from(JSON.stringify({ w: { monolith: ["CDC_MONOLITH", 1] }, x: 9_999_999_999 })).toString("base64url");
    expect(cookie.read(`${name}=${version}.${forged}.${signature}`)).toBeUndefined();
    expect(cookie.read("strangler_ryw=v1.bm9wZQ.bm9wZQ")).toBeUndefined();
    expect(cookie.read("strangler_ryw=")).toBeUndefined();
    expect(cookie.read(undefined)).toBeUndefined();
  });

  it("is not read after it expired", () => {
    const set = valueOf(cookie.serialise(watermark, Date.now() - 120_000));
    expect(cookie.read(set)).toBeUndefined();
  });
});
