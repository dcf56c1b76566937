import { redactQuery, storableDifferences, storableHeaders } from "./redact";

const names = new Set(["token", "access_token", "password", "session"]);

describe("what the shadow store keeps", () => {
  it("replaces the values of the named query parameters, whatever their case or encoding, and keeps the rest", () => {
    expect(redactQuery("/products?page=2&token=abc123&q=red%20shoe", names)).toBe("/products?page=2&token=[redacted]&q=red%20shoe");
    expect(redactQuery("/login?Password=hunter2&ACCESS%5FTOKEN=x.y.z&session=", names)).toBe("/login?Password=[redacted]&ACCESS%5FTOKEN=[redacted]&session=[redacted]");
    expect(redactQuery("/products/7", names)).toBe("/products/7");
    expect(redactQuery("/products?token", names)).toBe("/products?token");
    expect(redactQuery("/products?token=a", new Set())).toBe("/products?token=a");
  });

  it("drops Set-Cookie, Cookie and Authorization, and redacts the query of a Location", () => {
    const headers = { "content-type": "application/json", "set-cookie": "shop_session=s3cret; HttpOnly", Cookie: "sid=1", authorization: "Bearer t0ken", location: "/next?token=abc&page=1" };
    expect(storableHeaders(headers, names)).toEqual({ "content-type": "application/json", location: "/next?token=[redacted]&page=1" });
  });

  it("redacts the values of header differences on those headers", () => {
    const differences = [
      { path: "header:set-cookie", primary: "shop_session=a", candidate: "shop_session=b" },
      { path: "header:location", primary: "/a?session=1", candidate: "/b?session=2" },
      { path: "$.price", primary: 1, candidate: 2 },
    ];
    expect(storableDifferences(differences, names)).toEqual([
      { path: "header:set-cookie", primary: "[redacted]", candidate: "[redacted]" },
      { path: "header:location", primary: "/a?session=[redacted]", candidate: "/b?session=[redacted]" },
      { path: "$.price", primary: 1, candidate: 2 },
    ]);
  });
});
