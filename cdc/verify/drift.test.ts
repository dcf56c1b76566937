import { describeDrift, diffRows } from "./drift";

describe("diffRows", () => {
  it("lists only the fields whose values differ", () => {
    expect(diffRows({ a: 1, b: "x", c: true }, { a: 1, b: "y", c: true, extra: 9 })).toEqual([{ field: "b", expected: "x", actual: "y" }]);
  });

  it("treats a missing field in the actual row as drift", () => {
    expect(diffRows({ a: 1 }, {})).toEqual([{ field: "a", expected: 1, actual: undefined }]);
  });

  it("finds nothing when the rows are equal", () => {
    expect(diffRows({ a: null, b: 0 }, { a: null, b: 0 })).toEqual([]);
  });
});

describe("describeDrift", () => {
  it("names the table, key, kind and each differing field", () => {
    const line = describeDrift({ table: "products", key: 7, kind: "different", fields: [{ field: "name", expected: "A", actual: "B" }] });
    expect(line).toBe('products 7: different (name: expected "A", found "B")');
  });

  it("names missing and extra keys", () => {
    expect(describeDrift({ table: "categories", key: 3, kind: "missing" })).toBe("categories 3: missing");
  });
});
