import { createDiffer } from "./differ";
import type { DiffConfig } from "../config/schema";
import type { CapturedResponse } from "./comparable";

/** A route's `diff` config with the schema's defaults, overridden where given. */
function diffSchemaDefaults(overrides: Partial<DiffConfig> = {}): DiffConfig {
  return {
    headers: ["content-type", "location", "cache-control", "content-language", "content-disposition"],
    ignoreHeaders: [],
    ignorePaths: [],
    numericTolerance: 0,
    unorderedArrays: [],
    noiseBaseline: false,
    ...overrides,
  };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}): CapturedResponse => ({
  status,
  headers: { "content-type": "application/json; charset=utf-8", ...headers },
  body: Buffer.from(JSON.stringify(body)),
  truncated: false,
});
const paths = (result: { differences: Array<{ path: string }> }) => result.differences.map((d) => d.path);

describe("createDiffer", () => {
  it("finds nothing between equal answers, whatever the key order", () => {
    expect(paths(createDiffer(diffSchemaDefaults()).diff(json({ a: 1, b: [1, 2] }), json({ b: [1, 2], a: 1 })))).toEqual([]);
  });

  it("compares byte-identical bodies without parsing them, and still compares status and headers", () => {
    const parse = jest.spyOn(JSON, "parse");
    try {
      const differ = createDiffer(diffSchemaDefaults());
      expect(paths(differ.diff(json({ a: 1 }), json({ a: 1 })))).toEqual([]);
      expect(paths(differ.diff(json({ a: 1 }, 200), json({ a: 1 }, 201, { location: "/x" })))).toEqual(["status", "header:location"]);
      expect(parse).not.toHaveBeenCalled();
      // Same bytes, another content type: read as JSON on one side only, as before.
      expect(paths(differ.diff(json({ a: 1 }), json({ a: 1 }, 200, { "content-type": "text/plain" })))).toEqual(["header:content-type", "body"]);
    } finally {
      parse.mockRestore();
    }
  });

  it("names each differing field by its JSON path, plus status and compared headers", () => {
    const result = createDiffer(diffSchemaDefaults()).diff(
      json({ id: 1, items: [{ price: 10 }, { price: 20 }], "odd key": "x" }, 200, { location: "/a" }),
      json({ id: 1, items: [{ price: 10 }, { price: 21 }], "odd key": "y", extra: true }, 201, { location: "/b" }),
    );
    expect(paths(result)).toEqual(["status", "header:location", "$.extra", "$.items[1].price", '$["odd key"]']);
    expect(result.differences.find((d) => d.path === "$.extra")).toEqual({ path: "$.extra", primary: "(absent)", candidate: true });
  });

  it("ignores the built-in noisy headers (Date, ETag, x-request-id) and the configured ones", () => {
    const differ = createDiffer(diffSchemaDefaults({ headers: "*", ignoreHeaders: ["x-served-by"] }));
    const result = differ.diff(
      json({}, 200, { date: "a", etag: "1", "x-request-id": "r1", "x-served-by": "monolith", "cache-control": "no-store" }),
      json({}, 200, { date: "b", etag: "2", "x-request-id": "r2", "x-served-by": "catalog", "cache-control": "max-age=60" }),
    );
    expect(paths(result)).toEqual(["header:cache-control"]);
  });

  it("removes fields matched by ignorePaths, also inside arrays and at any depth", () => {
    const differ = createDiffer(diffSchemaDefaults({ ignorePaths: ["$.items[*].updatedAt", "$..etag"] }));
    const result = differ.diff(
      json({ items: [{ id: 1, updatedAt: "t1" }], meta: { etag: "a" } }),
      json({ items: [{ id: 1, updatedAt: "t2" }], meta: { etag: "b" } }),
    );
    expect(paths(result)).toEqual([]);
  });

  it("treats numbers within numericTolerance as equal, and beyond it as different", () => {
    const differ = createDiffer(diffSchemaDefaults({ numericTolerance: 0.01 }));
    expect(paths(differ.diff(json({ total: 10.0 }), json({ total: 10.005 })))).toEqual([]);
    expect(paths(differ.diff(json({ total: 10.0 }), json({ total: 10.5 })))).toEqual(["$.total"]);
  });

  it("compares the arrays listed in unorderedArrays without their order, and others by position", () => {
    const differ = createDiffer(diffSchemaDefaults({ unorderedArrays: ["$.tags"] }));
    expect(paths(differ.diff(json({ tags: ["a", "b"], ids: [1, 2] }), json({ tags: ["b", "a"], ids: [1, 2] })))).toEqual([]);
    expect(paths(differ.diff(json({ tags: ["a"], ids: [1, 2] }), json({ tags: ["a"], ids: [2, 1] })))).toEqual(["$.ids[0]", "$.ids[1]"]);
  });

  it("compares non-JSON bodies by hash", () => {
    const text = (body: string): CapturedResponse => ({ status: 200, headers: { "content-type": "text/csv" }, body: Buffer.from(body), truncated: false });
    const differ = createDiffer(diffSchemaDefaults());
    expect(paths(differ.diff(text("a,b\n"), text("a,b\n")))).toEqual([]);
    const result = differ.diff(text("a,b\n"), text("a,c\n"));
    expect(result.differences).toEqual([{ path: "body", primary: expect.stringMatching(/^sha256 [0-9a-f]{64} \(4 bytes\)$/), candidate: expect.stringMatching(/^sha256 /) }]);
  });

  it("explains a difference as noise where the monolith's second answer disagrees with its first, and remembers it", () => {
    const differ = createDiffer(diffSchemaDefaults({ noiseBaseline: true }));
    const first = differ.diff(json({ id: 1, stamp: "a", name: "x" }), json({ id: 1, stamp: "c", name: "y" }), json({ id: 1, stamp: "b", name: "x" }));
    expect(paths(first)).toEqual(["$.name"]);
    expect(first.noise.map((d) => d.path)).toEqual(["$.stamp"]);
    // Later comparisons without a disagreeing baseline still treat the path as noise.
    expect(paths(differ.diff(json({ stamp: "d" }), json({ stamp: "e" })))).toEqual([]);
  });
});
