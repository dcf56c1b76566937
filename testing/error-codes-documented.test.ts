import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { CDC_ERROR_CODES } from "../cdc/core/errors";
import { CATALOG_ERROR_CODES, LEGACY_WIRE_CODES } from "../extracted/catalog/errors";
import { ORDERS_ERROR_CODES } from "../extracted/orders/errors";
import { SHOP_ERROR_CODES } from "../monolith/errors";
import { PLATFORM_ERROR_CODES } from "../platform/errors";
import { CLI_ERROR_CODES } from "../scripts/cli/cli-error";
import { RELAY_ERROR_CODES } from "../scripts/stack/relay-metrics";
import { STACK_ERROR_CODES } from "../scripts/stack/stack-error";
import { ProxyErrorCode } from "../strangler-proxy/errors";

const ROOT = join(__dirname, "..");
const SOURCE_DIRS = ["contracts", "platform", "cdc", "service-kit", "strangler-proxy", "monolith", "extracted", "scripts"];
const CODE = /\b(?:[A-Z]+_ERR_[A-Z0-9_]+)\b/g;
/** Comments (a `//` after a `:` is a URL's, not a comment). */
const COMMENTS = /\/\*[\s\S]*?\*\/|(^|[^:])\/\/.*$/gm;
const withoutComments = (text: string) => text.replace(COMMENTS, "$1");
/** A row of docs/errors.md: `| \`CODE\` | meaning | fix |`. */
const DOC_ROW = /^\| `([A-Z]+_ERR_[A-Z0-9_]+)` \|/gm;

/**
 * Where each area defines its codes, in one style: a frozen `as const` object in the area's errors
 * module. A code exists in the code base when it is defined here and used somewhere.
 */
const AREAS = [
  { file: "platform/errors.ts", name: "PLATFORM_ERROR_CODES", codes: PLATFORM_ERROR_CODES },
  { file: "monolith/errors.ts", name: "SHOP_ERROR_CODES", codes: SHOP_ERROR_CODES },
  { file: "strangler-proxy/errors.ts", name: "ProxyErrorCode", codes: ProxyErrorCode },
  { file: "extracted/catalog/errors.ts", name: "CATALOG_ERROR_CODES", codes: CATALOG_ERROR_CODES },
  { file: "extracted/orders/errors.ts", name: "ORDERS_ERROR_CODES", codes: ORDERS_ERROR_CODES },
  { file: "cdc/core/errors.ts", name: "CDC_ERROR_CODES", codes: CDC_ERROR_CODES },
  { file: "scripts/cli/cli-error.ts", name: "CLI_ERROR_CODES", codes: CLI_ERROR_CODES },
  { file: "scripts/stack/stack-error.ts", name: "STACK_ERROR_CODES", codes: STACK_ERROR_CODES },
  { file: "scripts/stack/relay-metrics.ts", name: "RELAY_ERROR_CODES", codes: RELAY_ERROR_CODES },
] as const;

/**
 * Files that still write codes as string literals instead of their area's constants, and why. A new
 * file with a literal code fails the style test below: use the area's object instead.
 */
const LITERALS_ALLOWED: Record<string, string> = {
  "cdc/sqlite/sqlite-capture-v1.ts": "FROZEN (migrations import it; never edited)",
  "cdc/sqlite/sqlite-write-fence-v1.ts": "FROZEN (migrations import it; never edited)",
  "cdc/sqlite/sqlite-write-fence-v2.ts": "FROZEN (migrations import it; never edited)",
  "cdc/relay/sqlite-relay-progress.ts": "to convert (CDC_ERROR_CODES.needsFileDatabase): cdc/relay is being changed by other work",
  "cdc/consumer/sql-target-store.ts": "to convert (CDC_ERROR_CODES.discardRefused): cdc/consumer is being changed by other work",
  "strangler-proxy/config/schema.ts": "names codes in the route table's field descriptions (JSON Schema text for editors), not as codes it raises",
};

/** Folders whose files are clients of the HTTP API: they match codes on the wire, as a user's client does. */
const CLIENT_FOLDERS = ["scripts/tutorial/"];

/** Every source file of ours (tests left out), with its code: the text without comments. */
const sources = SOURCE_DIRS.flatMap((dir) => sourceFiles(join(ROOT, dir))).map((file) => {
  const text = readFileSync(file, "utf8");
  return { file: relative(ROOT, file), text, code: withoutComments(text) };
});

function sourceFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    if (name === "node_modules") return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith(".ts") && !name.endsWith(".test.ts") ? [path] : [];
  });
}

describe("docs/errors.md", () => {
  const documentedText = readFileSync(join(ROOT, "docs/errors.md"), "utf8");
  const documented = [...documentedText.matchAll(DOC_ROW)].map((match) => match[1]);
  const used = new Map<string, string>();
  for (const { file, text } of sources) {
    for (const match of text.matchAll(CODE)) if (!used.has(match[0])) used.set(match[0], file);
  }
  const defined = new Map<string, { area: (typeof AREAS)[number]; key: string }>();
  for (const area of AREAS) for (const [key, code] of Object.entries(area.codes)) defined.set(code, { area, key });

  it("finds error codes in the source and rows in the document at all", () => {
    expect(used.size).toBeGreaterThan(0);
    expect(documented.length).toBeGreaterThan(0);
  });

  it("has a row for every error code used in the source", () => {
    const missing = [...used].filter(([code]) => !documented.includes(code)).map(([code, file]) => `${code} (${file})`);
    expect(missing).toEqual([]);
  });

  it("has a row for every code an area defines", () => {
    const missing = [...defined].filter(([code]) => !documented.includes(code)).map(([code, { area }]) => `${code} (${area.file})`);
    expect(missing).toEqual([]);
  });

  it("documents only codes that exist: defined in an area's codes and used outside that definition", () => {
    // Used: its constant is referenced, or (in a file not yet converted) the code is written out in code, not in a comment.
    const isUsed = (code: string, { area, key }: { area: (typeof AREAS)[number]; key: string }) =>
      sources.some(({ file, code: program }) => program.includes(`${area.name}.${key}`) || (file !== area.file && new RegExp(`\\b${code}\\b`).test(program)));
    const stale = documented.filter((code) => {
      const definition = defined.get(code);
      return !definition || !isUsed(code, definition);
    });
    expect(stale).toEqual([]);
  });

  it("has each code's row once", () => {
    expect(documented.filter((code, i) => documented.indexOf(code) !== i)).toEqual([]);
  });
});

describe("error codes in one style", () => {
  it("gives every code one definition, a frozen object of its area", () => {
    for (const area of AREAS) expect(Object.isFrozen(area.codes)).toBe(true);
    const all = AREAS.flatMap((area) => Object.values(area.codes) as string[]);
    expect(all.filter((code, i) => all.indexOf(code) !== i)).toEqual([]);
  });

  it("keeps the catalog's legacy wire codes to the shop's own codes", () => {
    const shop = Object.values(SHOP_ERROR_CODES) as string[];
    expect(Object.values(LEGACY_WIRE_CODES).filter((code) => !shop.includes(code))).toEqual([]);
  });

  it("writes a code out (in a string or template) only in its area's definition, in a file listed in LITERALS_ALLOWED, or in a client of the HTTP API", () => {
    const definitions = new Set<string>(AREAS.map((area) => area.file));
    const offenders = sources
      .filter(({ file }) => !definitions.has(file) && !(file in LITERALS_ALLOWED) && !CLIENT_FOLDERS.some((folder) => file.startsWith(folder)))
      .flatMap(({ file, code }) => [...code.matchAll(CODE)].map((match) => `${match[0]} (${file})`));
    expect(offenders).toEqual([]);
  });
});
