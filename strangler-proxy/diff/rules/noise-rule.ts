import type { DiffRule } from "../diff-rule";
import { generalisePath } from "../json-path";

/**
 * Explains a difference on a path where the monolith disagreed with itself (the noise baseline, as
 * Diffy does): `noisyPaths` holds generalised paths (`$.items[*].stamp`) from this request's baseline
 * and from earlier ones of the same route.
 */
export function noiseRule(noisyPaths: ReadonlySet<string>): DiffRule {
  return {
    name: "noise",
    explains: (difference) => noisyPaths.has(generalisePath(difference.path)),
  };
}
