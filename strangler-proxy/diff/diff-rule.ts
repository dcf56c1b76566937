import type { ComparableResponse, Difference } from "./comparable";

/**
 * One normaliser rule of the comparison (one per file in `rules/`, suffix `-rule.ts`). A rule either
 * rewrites both responses before they are compared (`prepare`: drop a header, remove a field, sort an
 * array, hash a body) or explains a difference found afterwards (`explains`: within tolerance, noise).
 */
export interface DiffRule {
  readonly name: string;
  prepare?(response: ComparableResponse): ComparableResponse;
  explains?(difference: Difference): boolean;
}
