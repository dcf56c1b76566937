import type { KeyValue } from "../backfill/source-snapshot";

/** A field whose value differs between the expected and the actual target row. */
export interface FieldDrift {
  field: string;
  expected: unknown;
  actual: unknown;
}

/** One drifted key: missing in the target, extra in the target, or with different fields. */
export type Drift =
  | { table: string; key: KeyValue; kind: "missing" }
  | { table: string; key: KeyValue; kind: "extra" }
  | { table: string; key: KeyValue; kind: "different"; fields: FieldDrift[] };

/** Fields of `expected` whose value differs in `actual` (strict equality after JSON normalising). */
export function diffRows(expected: Record<string, unknown>, actual: Record<string, unknown>): FieldDrift[] {
  const fields: FieldDrift[] = [];
  for (const field of Object.keys(expected)) {
    if (JSON.stringify(expected[field]) !== JSON.stringify(actual[field])) fields.push({ field, expected: expected[field], actual: actual[field] });
  }
  return fields;
}

/** One line per drifted key, e.g. `products 7: different (name: "A" ≠ "B")`. */
export function describeDrift(drift: Drift): string {
  const head = `${drift.table} ${JSON.stringify(drift.key)}: ${drift.kind}`;
  if (drift.kind !== "different") return head;
  return `${head} (${drift.fields.map((field) => `${field.field}: expected ${JSON.stringify(field.expected)}, found ${JSON.stringify(field.actual)}`).join("; ")})`;
}
