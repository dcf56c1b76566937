import { rawRequest } from "../proxy";
import { normaliseAnswer, type NormalisedAnswer } from "./parity-runner";
import type { WriteParityCase } from "./write-parity-case";

/** A system under comparison for writes: its URL and the admin token it accepts. */
export interface WriteParityTarget {
  name: string;
  url: string;
  adminToken: string;
}

/** One case's answers per target and the first difference (null when all agree). */
export interface WriteParityResult {
  case: WriteParityCase;
  answers: Record<string, NormalisedAnswer>;
  mismatch: string | null;
}

/** Stands in for a timestamp written during the run: each side reads its own clock. */
export const WRITTEN_DURING_RUN = "<written during the run>";

const TIMESTAMP_FIELDS = new Set(["createdAt", "updatedAt"]);

function maskTimes(value: unknown, since: string): { value: unknown; masked: boolean } {
  if (Array.isArray(value)) {
    const items = value.map((item) => maskTimes(item, since));
    return { value: items.map((item) => item.value), masked: items.some((item) => item.masked) };
  }
  if (value === null || typeof value !== "object") return { value, masked: false };
  let masked = false;
  const entries = Object.entries(value).map(([key, field]) => {
    if (TIMESTAMP_FIELDS.has(key) && typeof field === "string" && field >= since) {
      masked = true;
      return [key, WRITTEN_DURING_RUN];
    }
    const inner = maskTimes(field, since);
    masked ||= inner.masked;
    return [key, inner.value];
  });
  return { value: Object.fromEntries(entries), masked };
}

/**
 * The normalised answer with timestamps written since `since` masked, and then the ETag too (it
 * hashes the JSON with those timestamps). Rows untouched by the run keep their exact times and tags.
 */
export function maskWrittenTimes(answer: NormalisedAnswer, since: string): NormalisedAnswer {
  const { value, masked } = maskTimes(answer.body, since);
  const headers = masked && answer.headers.etag ? { ...answer.headers, etag: "<etag of the masked body>" } : answer.headers;
  return { ...answer, headers, body: value };
}

function headersFor(testCase: WriteParityCase, target: WriteParityTarget): Record<string, string> {
  const headers: Record<string, string> = {};
  if (testCase.body !== undefined || testCase.rawBody !== undefined) headers["content-type"] = "application/json";
  const auth = testCase.auth ?? (testCase.method === "GET" ? "none" : "admin");
  if (auth === "admin") headers.authorization = `Bearer ${target.adminToken}`;
  if (auth === "wrong") headers.authorization = "Bearer not-the-admin-token-at-all";
  return headers;
}

/**
 * Sends the cases in order to every target (the same request, each target's own token) and compares
 * the normalised answers with the run's timestamps masked. Targets must start from the same rows.
 */
export async function runWriteParity(cases: readonly WriteParityCase[], targets: readonly WriteParityTarget[]): Promise<WriteParityResult[]> {
  const since = new Date().toISOString();
  const results: WriteParityResult[] = [];
  for (const testCase of cases) {
    const answers: Record<string, NormalisedAnswer> = {};
    for (const target of targets) {
      const body = testCase.rawBody ?? (testCase.body === undefined ? undefined : JSON.stringify(testCase.body));
      const response = await rawRequest(target.url, { method: testCase.method, path: testCase.path, headers: headersFor(testCase, target), body });
      answers[target.name] = maskWrittenTimes(normaliseAnswer(response), since);
    }
    const reference = JSON.stringify(answers[targets[0].name]);
    const differing = targets.find((target) => JSON.stringify(answers[target.name]) !== reference);
    results.push({ case: testCase, answers, mismatch: differing ? `${differing.name} differs from ${targets[0].name}` : null });
  }
  return results;
}
