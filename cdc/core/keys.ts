/** Canonical text of a primary key: JSON with the columns sorted, so equal keys give equal text. */
export function keyText(key: Record<string, unknown>): string {
  const sorted: Record<string, unknown> = {};
  for (const column of Object.keys(key).sort()) sorted[column] = key[column];
  return JSON.stringify(sorted);
}

/** Identity of a row across tables: `<table> <key text>`. */
export function rowIdentity(table: string, key: Record<string, unknown>): string {
  return `${table} ${keyText(key)}`;
}

const PLAIN_TOKEN = /^[A-Za-z0-9-][A-Za-z0-9_-]{0,63}$/;

/**
 * A single, valid NATS subject token for a name or key. Simple values stay readable (`42`,
 * `products`); anything else (dots, spaces, composite keys) becomes `_` + base64url of its text,
 * which no plain token can start with.
 */
export function subjectToken(value: string): string {
  return PLAIN_TOKEN.test(value) ? value : `_${Buffer.from(value, "utf8").toString("base64url")}`;
}

/** Subject token of a primary key: the bare value for one-column keys, else the encoded key text. */
export function keyToken(key: Record<string, unknown>): string {
  const values = Object.values(key);
  if (values.length === 1 && (typeof values[0] === "number" || typeof values[0] === "string")) {
    return subjectToken(String(values[0]));
  }
  return subjectToken(keyText(key));
}
