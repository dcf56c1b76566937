import { rawRequest, type RawResponse } from "../proxy";
import type { ParityCase } from "./parity-case";

/** A system under comparison: the monolith directly, or the proxy with some stage. */
export interface ParityTarget {
  name: string;
  url: string;
}

/**
 * Headers compared between targets. Everything else is noise by design: `x-request-id` (fresh per
 * request), `date`, `connection`/`keep-alive` (per socket), `content-length` (follows the body,
 * which is compared), `x-served-by` (names the upstream on purpose), `x-forwarded-*`.
 */
export const COMPARED_HEADERS = ["content-type", "etag", "x-total-count", "location", "cache-control", "content-disposition"] as const;

/** What is compared of one answer, after normalisation. */
export interface NormalisedAnswer {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON when the answer is JSON, else the text. */
  body: unknown;
}

/** One case's answers per target, and the first difference from the first target (null when all agree). */
export interface ParityResult {
  case: ParityCase;
  answers: Record<string, NormalisedAnswer>;
  mismatch: string | null;
}

/** Keeps the compared headers and parses a JSON body; see COMPARED_HEADERS for what is dropped. */
export function normaliseAnswer(response: Pick<RawResponse, "status" | "headers" | "body">): NormalisedAnswer {
  const headers: Record<string, string> = {};
  for (const name of COMPARED_HEADERS) {
    const value = response.headers[name];
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  const isJson = (headers["content-type"] ?? "").startsWith("application/json");
  return { status: response.status, headers, body: isJson ? JSON.parse(response.body) : response.body };
}

async function headersFor(testCase: ParityCase, reference: ParityTarget): Promise<Record<string, string>> {
  const headers = { ...testCase.headers };
  if (testCase.ifNoneMatchOf) {
    const probe = await rawRequest(reference.url, { path: testCase.ifNoneMatchOf.path });
    const etag = String(probe.headers.etag ?? "");
    headers["if-none-match"] = testCase.ifNoneMatchOf.form === "exact" ? etag : `"other", W/${etag}`;
  }
  return headers;
}

/** Sends every case to every target (the same request bytes) and compares the normalised answers. */
export async function runParity(cases: readonly ParityCase[], targets: readonly ParityTarget[]): Promise<ParityResult[]> {
  const results: ParityResult[] = [];
  for (const testCase of cases) {
    const headers = await headersFor(testCase, targets[0]);
    const answers: Record<string, NormalisedAnswer> = {};
    for (const target of targets) {
      answers[target.name] = normaliseAnswer(await rawRequest(target.url, { method: testCase.method, path: testCase.path, headers }));
    }
    const reference = JSON.stringify(answers[targets[0].name]);
    const differing = targets.find((target) => JSON.stringify(answers[target.name]) !== reference);
    results.push({ case: testCase, answers, mismatch: differing ? `${differing.name} differs from ${targets[0].name}` : null });
  }
  return results;
}
