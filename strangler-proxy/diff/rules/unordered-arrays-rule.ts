import type { DiffRule } from "../diff-rule";
import { anyPathPattern, indexPath, keyPath, type JsonValue } from "../json-path";

/** Sorts the arrays matching `diff.unorderedArrays` (by each element's canonical JSON) so order does not count. */
export function unorderedArraysRule(patterns: readonly string[]): DiffRule {
  const unordered = anyPathPattern(patterns);
  const sortAt = (value: JsonValue, path: string): JsonValue => {
    if (Array.isArray(value)) {
      // Children first, so nested unordered arrays are canonical before their parent is sorted.
      const items = value.map((item, i) => sortAt(item, indexPath(path, i)));
      if (!unordered(path)) return items;
      return items.map((item) => [canonical(item), item] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, item]) => item);
    }
    if (value !== null && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, sortAt(item, keyPath(path, key))]));
    }
    return value;
  };
  return {
    name: "unordered-arrays",
    prepare: (response) => (response.body.kind === "json" && patterns.length > 0 ? { ...response, body: { kind: "json", value: sortAt(response.body.value, "$") } } : response),
  };
}

/** JSON with object keys sorted, so equal values give equal text. */
function canonical(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
