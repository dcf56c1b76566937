/**
 * Diff: compares the monolith's and a service's answers to the same request, structurally, under
 * per-route normaliser rules (one per file in `rules/`).
 */
/** Builds a route's differ from its `diff` config. */
export { createDiffer } from "./differ";
export type { Differ, DiffResult } from "./differ";
/** Captured and parsed responses, and one difference between them. */
export type { CapturedResponse, ComparableResponse, Difference } from "./comparable";
/** The rule interface every normaliser implements. */
export type { DiffRule } from "./diff-rule";
/** JSON path helpers: canonical paths, generalised paths (`[*]`), pattern matching. */
export { compilePathPattern, generalisePath } from "./json-path";
/** Headers never compared. */
export { ALWAYS_IGNORED_HEADERS } from "./rules/ignore-headers-rule";
