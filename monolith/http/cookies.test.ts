import { readCookie } from "./cookies";

describe("readCookie", () => {
  it("finds a cookie among others and decodes it", () => {
    expect(readCookie("a=1; shop_session=abc%2Bdef; b=2", "shop_session")).toBe("abc+def");
  });

  it("returns undefined when absent or malformed", () => {
    expect(readCookie(undefined, "shop_session")).toBeUndefined();
    expect(readCookie("shop_sessionx=1", "shop_session")).toBeUndefined();
    expect(readCookie("shop_session=%E0%A4%A", "shop_session")).toBeUndefined();
  });
});
