import type { ComparableBody, ComparableResponse, Difference } from "./comparable";
import { indexPath, keyPath, type JsonValue } from "./json-path";

/** At most this many differences are listed per comparison (the rest are summarised as one). */
export const MAX_DIFFERENCES = 50;
const ABSENT = "(absent)";

/** Compares status, the (prepared) headers and the bodies structurally; returns every difference. */
export function compareResponses(primary: ComparableResponse, candidate: ComparableResponse): Difference[] {
  const out: Difference[] = [];
  if (primary.status !== candidate.status) out.push({ path: "status", primary: primary.status, candidate: candidate.status });
  const names = new Set([...Object.keys(primary.headers), ...Object.keys(candidate.headers)]);
  for (const name of [...names].sort()) {
    const a = primary.headers[name];
    const b = candidate.headers[name];
    if (a !== b) out.push({ path: `header:${name}`, primary: a ?? ABSENT, candidate: b ?? ABSENT });
  }
  compareBodies(primary.body, candidate.body, out);
  return out.length > MAX_DIFFERENCES ? [...out.slice(0, MAX_DIFFERENCES), { path: "(more)", primary: out.length, candidate: out.length }] : out;
}

function compareBodies(a: ComparableBody, b: ComparableBody, out: Difference[]): void {
  if (a.kind === "json" && b.kind === "json") return compareJson(a.value, b.value, "$", out);
  const left = describeBody(a);
  const right = describeBody(b);
  if (left !== right) out.push({ path: "body", primary: left, candidate: right });
}

function describeBody(body: ComparableBody): string {
  if (body.kind === "json") return `json ${JSON.stringify(body.value).slice(0, 200)}`;
  if (body.kind === "hash") return `sha256 ${body.sha256} (${body.size} bytes)`;
  return `bytes ${body.bytes.toString("base64")}`;
}

/** Structural comparison of two JSON values; arrays by position, objects by key. */
export function compareJson(a: JsonValue | undefined, b: JsonValue | undefined, path: string, out: Difference[]): void {
  if (out.length > MAX_DIFFERENCES) return;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) compareJson(a[i], b[i], indexPath(path, i), out);
    return;
  }
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of [...keys].sort()) compareJson(a[key], b[key], keyPath(path, key), out);
    return;
  }
  if (a === b) return;
  out.push({ path, primary: summary(a), candidate: summary(b) });
}

function isObject(value: unknown): value is { [key: string]: JsonValue } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function summary(value: JsonValue | undefined): unknown {
  if (value === undefined) return ABSENT;
  if (Array.isArray(value)) return `[array of ${value.length}]`;
  if (isObject(value)) return `{object}`;
  return value;
}
