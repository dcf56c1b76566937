import type { DiffConfig } from "../config/schema";
import { toComparable, type CapturedResponse, type ComparableResponse, type Difference } from "./comparable";
import { compareResponses } from "./compare";
import type { DiffRule } from "./diff-rule";
import { generalisePath } from "./json-path";
import { bodyHashRule } from "./rules/body-hash-rule";
import { ignoreHeadersRule } from "./rules/ignore-headers-rule";
import { ignorePathsRule } from "./rules/ignore-paths-rule";
import { noiseRule } from "./rules/noise-rule";
import { numericToleranceRule } from "./rules/numeric-tolerance-rule";
import { selectedHeadersRule } from "./rules/selected-headers-rule";
import { unorderedArraysRule } from "./rules/unordered-arrays-rule";

/** The outcome of one comparison. */
export interface DiffResult {
  /** Differences no rule explains: a mismatch when not empty. */
  differences: Difference[];
  /** Differences explained as noise (the monolith disagreed with itself there). */
  noise: Difference[];
  /** Generalised paths where this request's baseline disagreed with the primary. */
  baselineNoise: string[];
}

/** Compares the primary's and the candidate's answers of one route under its `diff` rules. */
export interface Differ {
  diff(primary: CapturedResponse, candidate: CapturedResponse, baseline?: CapturedResponse): DiffResult;
}

/** Builds the differ of a route; `knownNoise` is the route's noise learned so far (updated by the caller). */
export function createDiffer(config: Readonly<DiffConfig>, knownNoise: Set<string> = new Set()): Differ {
  const prepareRules: DiffRule[] = [
    selectedHeadersRule(config.headers),
    ignoreHeadersRule(config.ignoreHeaders),
    ignorePathsRule(config.ignorePaths),
    unorderedArraysRule(config.unorderedArrays),
    bodyHashRule(),
  ];
  const tolerance = numericToleranceRule(config.numericTolerance);
  const prepare = (response: CapturedResponse): ComparableResponse =>
    prepareRules.reduce((current, rule) => rule.prepare?.(current) ?? current, toComparable(response));
  const explainedByTolerance = (d: Difference) => config.numericTolerance > 0 && tolerance.explains!(d);

  return {
    diff(primary, candidate, baseline) {
      const left = prepare(primary);
      const found = compareResponses(left, prepare(candidate)).filter((d) => !explainedByTolerance(d));
      const baselineNoise = baseline
        ? [...new Set(compareResponses(left, prepare(baseline)).filter((d) => !explainedByTolerance(d)).map((d) => generalisePath(d.path)))]
        : [];
      for (const path of baselineNoise) knownNoise.add(path);
      const noise = noiseRule(knownNoise);
      return {
        differences: found.filter((d) => !noise.explains!(d)),
        noise: found.filter((d) => noise.explains!(d)),
        baselineNoise,
      };
    },
  };
}
