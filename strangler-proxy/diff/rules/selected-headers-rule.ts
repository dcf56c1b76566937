import type { DiffRule } from "../diff-rule";

/** Keeps only the response headers chosen for comparison (`diff.headers`; `"*"` keeps them all). */
export function selectedHeadersRule(selected: "*" | readonly string[]): DiffRule {
  const keep = selected === "*" ? null : new Set(selected.map((name) => name.toLowerCase()));
  return {
    name: "selected-headers",
    prepare: (response) =>
      keep ? { ...response, headers: Object.fromEntries(Object.entries(response.headers).filter(([name]) => keep.has(name))) } : response,
  };
}
