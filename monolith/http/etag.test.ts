import { etagOf, ifNoneMatchHits } from "./etag";

describe("etagOf", () => {
  it("gives the same quoted tag for the same content", () => {
    expect(etagOf({ id: 1, name: "Lamp" })).toBe(etagOf({ id: 1, name: "Lamp" }));
    expect(etagOf({ id: 1 })).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
  });

  it("changes when any field changes", () => {
    expect(etagOf({ id: 1, updatedAt: "2026-01-01T00:00:00.000Z" })).not.toBe(etagOf({ id: 1, updatedAt: "2026-01-01T00:00:00.001Z" }));
  });
});

describe("ifNoneMatchHits", () => {
  const tag = '"abc"';

  it("matches the exact tag, a weak form of it, a list containing it, and *", () => {
    expect(ifNoneMatchHits('"abc"', tag)).toBe(true);
    expect(ifNoneMatchHits('W/"abc"', tag)).toBe(true);
    expect(ifNoneMatchHits('"zzz", "abc"', tag)).toBe(true);
    expect(ifNoneMatchHits("*", tag)).toBe(true);
  });

  it("does not match a missing header or other tags", () => {
    expect(ifNoneMatchHits(undefined, tag)).toBe(false);
    expect(ifNoneMatchHits('"abd"', tag)).toBe(false);
    expect(ifNoneMatchHits("abc", tag)).toBe(false);
  });
});
