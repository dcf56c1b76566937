import { etagOf, ifNoneMatchHits } from "./etag";

describe("legacy ETag", () => {
  const etag = etagOf({ id: 1, name: "chair" });

  it("is a quoted 27-character digest that changes with the body", () => {
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(etagOf({ id: 1, name: "chairs" })).not.toBe(etag);
  });

  it("matches If-None-Match weakly, with *, and inside lists", () => {
    expect(ifNoneMatchHits(etag, etag)).toBe(true);
    expect(ifNoneMatchHits(`W/${etag}`, etag)).toBe(true);
    expect(ifNoneMatchHits("*", etag)).toBe(true);
    expect(ifNoneMatchHits(`"other", ${etag}`, etag)).toBe(true);
    expect(ifNoneMatchHits('"other"', etag)).toBe(false);
    expect(ifNoneMatchHits(undefined, etag)).toBe(false);
  });
});
