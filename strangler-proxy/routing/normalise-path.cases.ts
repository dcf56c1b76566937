import type { TargetForm } from "./normalise-path";

/**
 * One row of the shared normalisation table: a raw request target, the copy routing matches on (or
 * the refusal), and what `strictPaths` makes of it. Whatever is accepted goes to the upstream exactly
 * as `raw` (forwarding.int.test.ts checks that through a real listener).
 */
export interface NormaliseCase {
  name: string;
  raw: string;
  /** Default mode: the normalised path (and query, form) matching reads, or a refusal. */
  expect: { path?: string; segments?: readonly string[]; query?: string; form?: TargetForm } | { status: 400 | 414 };
  /** With `strictPaths: true`: refused (400), or unset when strict reads it like the default. */
  strict?: { status: 400 };
}

const long = (bytes: number) => `/${"a".repeat(bytes - 1)}`;
const STRICT = { status: 400 } as const;

/** Shared by the unit tests of normalisation and by the proxy's integration tests (through a real listener). */
export const NORMALISE_CASES: readonly NormaliseCase[] = [
  { name: "a plain path stays as it is", raw: "/products/42", expect: { path: "/products/42", segments: ["products", "42"] } },
  { name: "the query is kept as sent", raw: "/products?page=2&q=a%20b", expect: { path: "/products", query: "?page=2&q=a%20b" } },
  { name: "repeated slashes collapse for matching", raw: "//products///42", expect: { path: "/products/42", segments: ["products", "42"] }, strict: STRICT },
  { name: "a single dot segment disappears for matching", raw: "/products/./42", expect: { path: "/products/42" }, strict: STRICT },
  { name: "a double dot segment climbs one level for matching", raw: "/products/../admin", expect: { path: "/admin", segments: ["admin"] }, strict: STRICT },
  { name: "encoded dots are dot segments after decoding once", raw: "/products/%2e%2e/admin", expect: { path: "/admin" }, strict: STRICT },
  { name: "mixed-case encoded dots too", raw: "/products/%2E./admin", expect: { path: "/admin" }, strict: STRICT },
  { name: "double-encoded dots stay literal text (decoded once only)", raw: "/products/%252e%252e/admin", expect: { path: "/products/%252e%252e/admin", segments: ["products", "%2e%2e", "admin"] }, strict: STRICT },
  { name: "an encoded space is decoded for matching", raw: "/products/a%20b", expect: { path: "/products/a b", segments: ["products", "a b"] } },
  { name: "valid UTF-8 is decoded for matching", raw: "/products/caf%C3%A9", expect: { path: "/products/café" } },
  { name: "unreserved characters that were encoded match plain", raw: "/products/%41%7E", expect: { path: "/products/A~" } },
  { name: "a ;parameter is part of its segment", raw: "/a%3Bjsessionid=x/b", expect: { path: "/a;jsessionid=x/b", segments: ["a;jsessionid=x", "b"] } },
  { name: "encoded unreserved characters after a plain one", raw: "/x%7E%41", expect: { path: "/x~A", segments: ["x~A"] } },
  { name: "a trailing slash is kept", raw: "/products/", expect: { path: "/products/", segments: ["products"] } },
  { name: "the root stays the root", raw: "/", expect: { path: "/", segments: [] } },
  { name: "dot segments at the end leave a trailing slash", raw: "/products/42/..", expect: { path: "/products/" }, strict: STRICT },
  { name: "dot segments climbing above the root are refused", raw: "/../etc/passwd", expect: { status: 400 } },
  { name: "encoded dot segments climbing above the root are refused", raw: "/products/%2e%2e/%2e%2e/x", expect: { status: 400 } },
  { name: "an encoded slash stays data inside its segment", raw: "/products%2F42", expect: { path: "/products%2F42", segments: ["products/42"] } },
  { name: "a scoped npm package name is one segment", raw: "/@scope%2fname", expect: { path: "/@scope%2Fname", segments: ["@scope/name"] } },
  { name: "an encoded slash next to dots is data, and refused when strict", raw: "/products%2f..%2fadmin", expect: { segments: ["products/../admin"], path: "/products%2F..%2Fadmin" }, strict: STRICT },
  { name: "an encoded backslash is data, and refused next to dots when strict", raw: "/products%5C..%5Cadmin", expect: { segments: ["products\\..\\admin"], path: "/products%5C..%5Cadmin" }, strict: STRICT },
  { name: "a raw backslash is data, and refused when strict", raw: "/products\\..\\admin", expect: { segments: ["products\\..\\admin"], path: "/products\\..\\admin" }, strict: STRICT },
  { name: "a ..;parameter segment is data, and refused when strict", raw: "/products/..;x/admin", expect: { segments: ["products", "..;x", "admin"], path: "/products/..;x/admin" }, strict: STRICT },
  { name: "an encoded NUL is refused", raw: "/products/42%00.json", expect: { status: 400 } },
  { name: "an encoded control character is refused", raw: "/products/%0d%0aSet-Cookie:x", expect: { status: 400 } },
  { name: "an encoded DEL is refused", raw: "/products/%7f", expect: { status: 400 } },
  { name: "Latin-1 bytes are opaque data", raw: "/caf%E9", expect: { path: "/caf\uFFFD", segments: ["caf\uFFFD"] } },
  { name: "overlong UTF-8 for a dot is opaque data (never a dot), and refused when strict", raw: "/products/%C0%AE%C0%AE/admin", expect: { path: "/products/\uFFFD\uFFFD\uFFFD\uFFFD/admin" }, strict: STRICT },
  { name: "overlong UTF-8 for a slash is opaque data, and refused when strict", raw: "/products%C0%AFadmin", expect: { segments: ["products\uFFFD\uFFFDadmin"] }, strict: STRICT },
  { name: "a lone continuation byte is opaque data", raw: "/products/%80", expect: { segments: ["products", "\uFFFD"] } },
  { name: "an encoded UTF-16 surrogate is opaque data, and refused when strict", raw: "/products/%ED%A0%80", expect: { segments: ["products", "\uFFFD\uFFFD\uFFFD"] }, strict: STRICT },
  { name: "a truncated percent escape is refused", raw: "/products/%4", expect: { status: 400 } },
  { name: "a percent escape with non-hex digits is refused", raw: "/products/%zz", expect: { status: 400 } },
  { name: "a raw # is refused", raw: "/products/42#x", expect: { status: 400 } },
  { name: "a target that is not an absolute path is refused", raw: "products/42", expect: { status: 400 } },
  { name: "an absolute-form target is routed by its path", raw: "http://evil.example/products", expect: { path: "/products", form: "absolute" } },
  { name: "an absolute-form target keeps its port and query", raw: "http://shop.example:8080/p?q=1", expect: { path: "/p", query: "?q=1", form: "absolute" } },
  { name: "an absolute-form target without a path is the root", raw: "HTTP://shop.example", expect: { path: "/", form: "absolute" } },
  { name: "an absolute-form target with user info is refused", raw: "http://user@shop.example/", expect: { status: 400 } },
  { name: "an absolute-form target of another scheme is refused", raw: "ftp://shop.example/x", expect: { status: 400 } },
  { name: "the asterisk-form target of OPTIONS *", raw: "*", expect: { path: "*", segments: [], form: "asterisk" } },
  { name: "a path of 10 KB is refused as too long", raw: long(10 * 1024), expect: { status: 414 } },
  { name: "a path just under the limit is accepted", raw: long(8192), expect: { path: long(8192) } },
];
