import { compilePathPattern, generalisePath, keyPath } from "./json-path";

describe("JSON path patterns", () => {
  it.each([
    ["$.a.b", "$.a.b", true],
    ["$.a.b", "$.a.bc", false],
    ["$.items[*].price", "$.items[12].price", true],
    ["$.items[*].price", "$.items.price", false],
    ["$.items[0]", "$.items[0]", true],
    ["$.items[0]", "$.items[1]", false],
    ["$..updatedAt", "$.updatedAt", true],
    ["$..updatedAt", "$.a[3].b.updatedAt", true],
    ["$..updatedAt", "$.a.updatedAtX", false],
    ["$.meta.*", "$.meta.x", true],
    ["$.meta.*", "$.meta.x.y", false],
    ['$["odd key"]', '$["odd key"]', true],
    ["$..*", "$.anything[2]", true],
  ])("pattern %s against %s: %s", (pattern, path, expected) => {
    expect(compilePathPattern(pattern)(path)).toBe(expected);
  });

  it("refuses a malformed pattern, naming it", () => {
    expect(() => compilePathPattern("$.a[")).toThrow(/invalid JSON path pattern "\$\.a\["/);
  });

  it("quotes keys that are not plain names and generalises indexes", () => {
    expect(keyPath("$", "a b")).toBe('$["a b"]');
    expect(generalisePath("$.items[3].tags[10]")).toBe("$.items[*].tags[*]");
  });
});
