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

const NO_BODY = Buffer.alloc(0);

/**
 * Two answers whose bodies are the same bytes under the same content type and coding: their bodies
 * cannot differ under any rule, so the comparison leaves them out (no JSON parse, no walk). Most
 * shadow samples of a correct service are such answers.
 */
function sameBodies(a: CapturedResponse, b: CapturedResponse): boolean {
  return (
    a.body.length === b.body.length &&
    a.headers["content-type"] === b.headers["content-type"] &&
    a.headers["content-encoding"] === b.headers["content-encoding"] &&
    a.body.equals(b.body)
  );
}

const withoutBody = (response: CapturedResponse): CapturedResponse => ({ ...response, body: NO_BODY });

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
      const differencesOf = (other: CapturedResponse) =>
        (sameBodies(primary, other) ? compareResponses(prepare(withoutBody(primary)), prepare(withoutBody(other))) : compareResponses(prepare(primary), prepare(other))).filter(
          (d) => !explainedByTolerance(d),
        );
      const found = differencesOf(candidate);
      const baselineNoise = baseline ? [...new Set(differencesOf(baseline).map((d) => generalisePath(d.path)))] : [];
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
