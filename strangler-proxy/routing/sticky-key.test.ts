import type { RequestView } from "./request-view";
import { stickyKeyOf } from "./sticky-key";

const request = (headers: Record<string, string>): RequestView => ({
  method: "GET",
  path: "/",
  segments: [],
  encodedSlash: false,
  query: "",
  header: (name) => headers[name],
  clientAddress: "10.1.2.3",
});
const stickiness = { header: "x-user-id", cookie: "uid", sessionCookie: "shop_session" };

describe("stickyKeyOf", () => {
  it("takes the configured header first", () => {
    expect(stickyKeyOf(request({ "x-user-id": "u1", cookie: "uid=u2; shop_session=s1" }), stickiness)).toBe("u1");
  });

  it("takes the configured cookie when the header is absent", () => {
    expect(stickyKeyOf(request({ cookie: "uid=u2; shop_session=s1" }), stickiness)).toBe("u2");
  });

  it("falls back to the session cookie", () => {
    expect(stickyKeyOf(request({ cookie: "shop_session=s1" }), stickiness)).toBe("s1");
  });

  it("falls back to the client address when nothing identifies the user", () => {
    expect(stickyKeyOf(request({}), stickiness)).toBe("10.1.2.3");
  });
});
