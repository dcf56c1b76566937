import type { DiffRule } from "../diff-rule";

/** Explains a difference between two numbers no further apart than `diff.numericTolerance`. */
export function numericToleranceRule(tolerance: number): DiffRule {
  return {
    name: "numeric-tolerance",
    explains: (difference) =>
      typeof difference.primary === "number" && typeof difference.candidate === "number" && Math.abs(difference.primary - difference.candidate) <= tolerance,
  };
}
