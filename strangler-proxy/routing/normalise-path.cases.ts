/** One row of the shared normalisation table: a raw request target and what the proxy must make of it. */
export interface NormaliseCase {
  name: string;
  raw: string;
  /** Expected decoded path (what routing matches) and re-encoded path (what the upstream gets), or a refusal. */
  expect: { path: string; encodedPath: string; query?: string } | { status: 400 | 414 };
}

const long = (bytes: number) => `/${"a".repeat(bytes - 1)}`;

/** Shared by the unit tests of normalisation and by the proxy's integration tests (through a real listener). */
export const NORMALISE_CASES: readonly NormaliseCase[] = [
  { name: "a plain path stays as it is", raw: "/products/42", expect: { path: "/products/42", encodedPath: "/products/42" } },
  { name: "the query is kept as sent", raw: "/products?page=2&q=a%20b", expect: { path: "/products", encodedPath: "/products", query: "?page=2&q=a%20b" } },
  { name: "repeated slashes collapse", raw: "//products///42", expect: { path: "/products/42", encodedPath: "/products/42" } },
  { name: "a single dot segment disappears", raw: "/products/./42", expect: { path: "/products/42", encodedPath: "/products/42" } },
  { name: "a double dot segment climbs one level", raw: "/products/../admin", expect: { path: "/admin", encodedPath: "/admin" } },
  { name: "encoded dots are dot segments after decoding once", raw: "/products/%2e%2e/admin", expect: { path: "/admin", encodedPath: "/admin" } },
  { name: "mixed-case encoded dots too", raw: "/products/%2E./admin", expect: { path: "/admin", encodedPath: "/admin" } },
  { name: "double-encoded dots stay literal text (decoded once only)", raw: "/products/%252e%252e/admin", expect: { path: "/products/%2e%2e/admin", encodedPath: "/products/%252e%252e/admin" } },
  { name: "an encoded space is decoded and re-encoded", raw: "/products/a%20b", expect: { path: "/products/a b", encodedPath: "/products/a%20b" } },
  { name: "valid UTF-8 is decoded and re-encoded", raw: "/products/caf%C3%A9", expect: { path: "/products/café", encodedPath: "/products/caf%C3%A9" } },
  { name: "unreserved characters that were encoded are sent plain", raw: "/products/%41%7E", expect: { path: "/products/A~", encodedPath: "/products/A~" } },
  { name: "a trailing slash is kept", raw: "/products/", expect: { path: "/products/", encodedPath: "/products/" } },
  { name: "the root stays the root", raw: "/", expect: { path: "/", encodedPath: "/" } },
  { name: "dot segments at the end leave a trailing slash", raw: "/products/42/..", expect: { path: "/products/", encodedPath: "/products/" } },
  { name: "dot segments climbing above the root are refused", raw: "/../etc/passwd", expect: { status: 400 } },
  { name: "encoded dot segments climbing above the root are refused", raw: "/products/%2e%2e/%2e%2e/x", expect: { status: 400 } },
  { name: "an encoded slash is refused", raw: "/products%2F42", expect: { status: 400 } },
  { name: "an encoded slash in lower case is refused", raw: "/products%2f..%2fadmin", expect: { status: 400 } },
  { name: "an encoded backslash is refused", raw: "/products%5C..%5Cadmin", expect: { status: 400 } },
  { name: "a raw backslash is refused", raw: "/products\\..\\admin", expect: { status: 400 } },
  { name: "an encoded NUL is refused", raw: "/products/42%00.json", expect: { status: 400 } },
  { name: "an encoded control character is refused", raw: "/products/%0d%0aSet-Cookie:x", expect: { status: 400 } },
  { name: "an encoded DEL is refused", raw: "/products/%7f", expect: { status: 400 } },
  { name: "overlong UTF-8 for a dot is refused", raw: "/products/%C0%AE%C0%AE/admin", expect: { status: 400 } },
  { name: "overlong UTF-8 for a slash is refused", raw: "/products%C0%AFadmin", expect: { status: 400 } },
  { name: "a lone continuation byte is refused", raw: "/products/%80", expect: { status: 400 } },
  { name: "an encoded UTF-16 surrogate is refused", raw: "/products/%ED%A0%80", expect: { status: 400 } },
  { name: "a truncated percent escape is refused", raw: "/products/%4", expect: { status: 400 } },
  { name: "a percent escape with non-hex digits is refused", raw: "/products/%zz", expect: { status: 400 } },
  { name: "a target that is not an absolute path is refused", raw: "products/42", expect: { status: 400 } },
  { name: "an absolute-form target is refused", raw: "http://evil.example/products", expect: { status: 400 } },
  { name: "a path of 10 KB is refused as too long", raw: long(10 * 1024), expect: { status: 414 } },
  { name: "a path just under the limit is accepted", raw: long(8192), expect: { path: long(8192), encodedPath: long(8192) } },
];
