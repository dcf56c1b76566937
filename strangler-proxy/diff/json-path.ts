/** A JSON value as parsed from a response body. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

/** The canonical path of an object key below `parent`: `$.items`, `$["odd key"]`. */
export function keyPath(parent: string, key: string): string {
  return PLAIN_KEY.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

/** The canonical path of an array element below `parent`: `$.items[3]`. */
export function indexPath(parent: string, index: number): string {
  return `${parent}[${index}]`;
}

/** Replaces array indexes by `[*]`, so `$.items[3].price` and `$.items[7].price` count as one path. */
export function generalisePath(path: string): string {
  return path.replace(/\[\d+\]/g, "[*]");
}

const ANY_SEGMENT = String.raw`(?:\.[^.[]+|\[[^\]]*\])`;

/**
 * Compiles a path pattern into a matcher of canonical paths. Syntax: `$` root, `.name`, `["odd key"]`,
 * `[3]`, `[*]` (any index), `.*` (any key or index), `..name` (at any depth), `$..*` (everything below).
 */
export function compilePathPattern(pattern: string): (path: string) => boolean {
  let source = "^\\$";
  let rest = pattern.slice(1);
  while (rest.length > 0) {
    if (rest.startsWith("..")) {
      source += `${ANY_SEGMENT}*`;
      rest = rest.slice(1);
      continue;
    }
    const token = /^(\.\*|\[\*\]|\[\d+\]|\["(?:[^"\\]|\\.)*"\]|\.[^.[]+)/.exec(rest);
    if (!token) throw new Error(`invalid JSON path pattern "${pattern}" near "${rest}"`);
    const text = token[1];
    if (text === ".*") source += ANY_SEGMENT;
    else if (text === "[*]") source += String.raw`\[\d+\]`;
    else if (text.startsWith("[\"")) source += escapeRegExp(keyPath("", JSON.parse(text.slice(1, -1)) as string));
    else if (text.startsWith(".")) source += escapeRegExp(keyPath("", text.slice(1)));
    else source += escapeRegExp(text);
    rest = rest.slice(text.length);
  }
  const regex = new RegExp(`${source}$`);
  return (path) => regex.test(path);
}

/** Matches a path against any of several patterns. */
export function anyPathPattern(patterns: readonly string[]): (path: string) => boolean {
  const matchers = patterns.map(compilePathPattern);
  return (path) => matchers.some((matches) => matches(path));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
