import fc from "fast-check";
import { NORMALISE_CASES } from "./normalise-path.cases";
import { decodedSlashSegments, normaliseTarget } from "./normalise-path";

const LIMIT = 8192;

describe("normaliseTarget", () => {
  describe.each([
    ["default", false],
    ["strictPaths", true],
  ] as const)("%s", (_mode, strict) => {
    it.each(NORMALISE_CASES.map((c) => [c.name, c] as const))("%s", (_name, testCase) => {
      const result = normaliseTarget(testCase.raw, { maxBytes: LIMIT, strict });
      const expected = strict && testCase.strict ? testCase.strict : testCase.expect;
      if ("status" in expected) {
        expect(result).toMatchObject({ ok: false, status: expected.status });
        return;
      }
      expect(result).toMatchObject({ ok: true, raw: testCase.raw, query: expected.query ?? "", form: expected.form ?? "origin" });
      if (expected.path !== undefined && result.ok) expect(result.path).toBe(expected.path);
      if (expected.segments && result.ok) expect(result.segments).toEqual(expected.segments);
    });
  });

  it("keeps the raw target untouched: it is what the upstream receives", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "grapheme", minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 5 }), (segments) => {
        const raw = `/${segments.map(encodeURIComponent).join("/")}`;
        const result = normaliseTarget(raw, { maxBytes: LIMIT });
        if (result.ok) expect(result.raw).toBe(raw);
      }),
    );
  });

  it("matches an encoded path the way its decoded form matches, when no slash or dot is encoded", () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[A-Za-z0-9_~é ;:@-]{1,6}$/), { minLength: 1, maxLength: 5 }), (segments) => {
        const encoded = normaliseTarget(`/${segments.map(encodeURIComponent).join("/")}`, { maxBytes: LIMIT });
        expect(encoded).toMatchObject({ ok: true, segments });
      }),
    );
  });

  it("never throws, whatever bytes the target holds, in either mode", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), fc.boolean(), (tail, strict) => {
        expect(() => normaliseTarget(`/${tail}`, { maxBytes: LIMIT, strict })).not.toThrow();
      }),
    );
  });

  it("never lets a dot segment survive into the matching view", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("a", ".", "..", "%2e", "%2E%2e", "%2f", "b", ""), { maxLength: 8 }), (parts) => {
        const result = normaliseTarget(`/a/b/c/${parts.join("/")}`, { maxBytes: LIMIT });
        if (result.ok) expect(result.segments.filter((s) => s === "." || s === "..")).toEqual([]);
      }),
    );
  });
});

describe("decodedSlashSegments", () => {
  const view = (raw: string) => {
    const result = normaliseTarget(raw, { maxBytes: LIMIT });
    if (!result.ok) throw new Error(result.reason);
    return decodedSlashSegments(result);
  };

  it("splits encoded slashes and backslashes and resolves the dot segments they reveal", () => {
    expect(view("/files/a%2Fb")).toEqual(["files", "a", "b"]);
    expect(view("/files/a%5Cb")).toEqual(["files", "a", "b"]);
    expect(view("/products/..%2Fadmin")).toEqual(["admin"]);
    expect(view("/plain/path")).toEqual(["plain", "path"]);
  });

  it("is null when that reading climbs above the root", () => {
    expect(view("/..%2F..%2Fetc")).toBeNull();
  });
});
