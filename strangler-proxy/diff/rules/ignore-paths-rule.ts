import type { DiffRule } from "../diff-rule";
import { anyPathPattern, indexPath, keyPath, type JsonValue } from "../json-path";

/** Removes the JSON fields matching `diff.ignorePaths` (e.g. `$.generatedAt`, `$.items[*].updatedAt`) from both bodies. */
export function ignorePathsRule(patterns: readonly string[]): DiffRule {
  const ignored = anyPathPattern(patterns);
  const strip = (value: JsonValue, path: string): JsonValue => {
    if (Array.isArray(value)) {
      const kept: JsonValue[] = [];
      value.forEach((item, i) => {
        const itemPath = indexPath(path, i);
        // A removed element keeps its slot, so the following elements keep their paths.
        kept.push(ignored(itemPath) ? null : strip(item, itemPath));
      });
      return kept;
    }
    if (value !== null && typeof value === "object") {
      const kept: { [key: string]: JsonValue } = {};
      for (const [key, item] of Object.entries(value)) {
        const itemPath = keyPath(path, key);
        if (!ignored(itemPath)) kept[key] = strip(item, itemPath);
      }
      return kept;
    }
    return value;
  };
  return {
    name: "ignore-paths",
    prepare: (response) => (response.body.kind === "json" && patterns.length > 0 ? { ...response, body: { kind: "json", value: strip(response.body.value, "$") } } : response),
  };
}
