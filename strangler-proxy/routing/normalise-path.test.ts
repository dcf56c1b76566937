import fc from "fast-check";
import { NORMALISE_CASES } from "./normalise-path.cases";
import { normaliseTarget } from "./normalise-path";

const LIMIT = 8192;

describe("normaliseTarget", () => {
  it.each(NORMALISE_CASES.map((c) => [c.name, c] as const))("%s", (_name, testCase) => {
    const result = normaliseTarget(testCase.raw, LIMIT);
    if ("status" in testCase.expect) {
      expect(result).toMatchObject({ ok: false, status: testCase.expect.status });
    } else {
      expect(result).toEqual({ ok: true, path: testCase.expect.path, encodedPath: testCase.expect.encodedPath, query: testCase.expect.query ?? "" });
    }
  });

  it("gives the upstream a path that decodes to exactly the path that was matched", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "grapheme", minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 5 }), (segments) => {
        const raw = `/${segments.map(encodeURIComponent).join("/")}`;
        const result = normaliseTarget(raw, LIMIT);
        if (!result.ok) return;
        expect(decodeURIComponent(result.encodedPath)).toBe(result.path);
        expect(normaliseTarget(result.encodedPath, LIMIT)).toEqual(result);
      }),
    );
  });

  it("never throws, whatever bytes the target holds", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (tail) => {
        expect(() => normaliseTarget(`/${tail}`, LIMIT)).not.toThrow();
      }),
    );
  });
});
