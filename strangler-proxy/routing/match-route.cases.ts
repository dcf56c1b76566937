/** The route table every matching case runs against (written as in strangler.config.json). */
export const MATCH_TABLE = {
  upstreams: [
    { name: "monolith", url: "http://127.0.0.1:3001", default: true },
    { name: "catalog", url: "http://127.0.0.1:3002" },
  ],
  routes: [
    { id: "products-read", methods: ["GET"], paths: ["/products", "/products/:id"], upstream: "catalog", group: "catalog" },
    { id: "products-write", methods: ["POST", "PATCH", "DELETE"], paths: ["/products", "/products/:id"], upstream: "catalog" },
    { id: "beta-search", methods: ["GET"], paths: ["/search"], upstream: "catalog", when: { headers: { "x-beta": "1" }, query: { v: "2" } } },
    { id: "cookie-gated", paths: ["/reports"], upstream: "catalog", when: { cookies: { beta: "*" } } },
    { id: "assets", paths: ["/static/*"], upstream: "catalog" },
    { id: "npm-packages", methods: ["GET"], paths: ["/npm/:name"], upstream: "catalog" },
    { id: "files", methods: ["GET"], paths: ["/files/:dir/:name"], upstream: "catalog", encodedSlashes: "decode" },
    { id: "uploads", paths: ["/uploads/*"], upstream: "catalog", encodedSlashes: "reject" },
    { id: "dav", methods: ["PROPFIND", "MKCOL", "REPORT", "PURGE"], paths: ["/dav/*"], upstream: "catalog" },
  ],
};

type Outcome = { route: string | null } | { status: 400 | 414 };

/** One row: a raw request and the route it must match (null = default upstream) or the status it must get. */
export interface MatchCase {
  name: string;
  method: string;
  raw: string;
  headers?: Record<string, string>;
  expect: Outcome;
  /** With `strictPaths: true`, when it differs from `expect`. */
  strict?: Outcome;
}

/** Shared by the unit test of matching and the proxy's integration test (through a real listener, in both modes). */
export const MATCH_CASES: readonly MatchCase[] = [
  { name: "GET of the collection matches the read route", method: "GET", raw: "/products", expect: { route: "products-read" } },
  { name: "GET of one item matches the read route", method: "GET", raw: "/products/42", expect: { route: "products-read" } },
  { name: "HEAD follows GET, as Express does", method: "HEAD", raw: "/products/42", expect: { route: "products-read" } },
  { name: "POST matches the write route", method: "POST", raw: "/products", expect: { route: "products-write" } },
  { name: "PUT matches no route", method: "PUT", raw: "/products/42", expect: { route: null } },
  { name: "a trailing slash matches like Express's non-strict routing", method: "GET", raw: "/products/42/", expect: { route: "products-read" } },
  { name: "letter case is ignored like Express's default routing", method: "GET", raw: "/PRODUCTS/42", expect: { route: "products-read" } },
  { name: "a longer prefix does not match (no /productsXYZ)", method: "GET", raw: "/productsXYZ", expect: { route: null } },
  { name: "a deeper path does not match :id", method: "GET", raw: "/products/42/reviews", expect: { route: null } },
  { name: "repeated slashes match after collapsing", method: "GET", raw: "//products//42", expect: { route: "products-read" }, strict: { status: 400 } },
  { name: "dot segments escaping the route go to the default upstream", method: "GET", raw: "/products/%2e%2e/admin", expect: { route: null }, strict: { status: 400 } },
  { name: "dot segments into the route match it", method: "GET", raw: "/admin/%2e%2e/products/1", expect: { route: "products-read" }, strict: { status: 400 } },
  { name: "an encoded slash cannot smuggle a path: it stays inside its segment", method: "GET", raw: "/products%2F42", expect: { route: null } },
  { name: "an encoded slash cannot split :id into two segments", method: "GET", raw: "/products/4%2F2", expect: { route: "products-read" } },
  { name: "..%2F cannot climb out of a route's segment", method: "GET", raw: "/products/..%2Fadmin", expect: { route: "products-read" }, strict: { status: 400 } },
  { name: "..%2F cannot climb into a route", method: "GET", raw: "/admin/..%2Fproducts/1", expect: { route: null }, strict: { status: 400 } },
  { name: "..;/ is not a dot segment", method: "GET", raw: "/products/..;/admin", expect: { route: null }, strict: { status: 400 } },
  { name: "a raw backslash does not separate segments", method: "GET", raw: "/products\\42", expect: { route: null }, strict: { status: 400 } },
  { name: "overlong UTF-8 cannot smuggle a dot segment", method: "GET", raw: "/admin/%C0%AE%C0%AE/products/1", expect: { route: null }, strict: { status: 400 } },
  { name: "a Latin-1 byte in :id matches", method: "GET", raw: "/products/caf%E9", expect: { route: "products-read" } },
  { name: "a scoped npm package name is one :name segment", method: "GET", raw: "/npm/@scope%2fname", expect: { route: "npm-packages" } },
  { name: "a route with encodedSlashes decode reads %2F as a separator", method: "GET", raw: "/files/a%2Fb", expect: { route: "files" } },
  { name: "a decode route does not match the encoded slash as data", method: "GET", raw: "/files/a%2Fb/c", expect: { route: null } },
  { name: "a route with encodedSlashes reject refuses an encoded slash", method: "GET", raw: "/uploads/a%2Fb", expect: { status: 400 } },
  { name: "a reject route still takes paths without one", method: "GET", raw: "/uploads/a/b", expect: { route: "uploads" } },
  { name: "an extension method matches a route that names it", method: "PROPFIND", raw: "/dav/folder", expect: { route: "dav" } },
  { name: "PURGE matches a route that names it", method: "PURGE", raw: "/dav/cache/x", expect: { route: "dav" } },
  { name: "a method the route does not name falls through", method: "GET", raw: "/dav/folder", expect: { route: null } },
  { name: "an absolute-form target is routed by its path", method: "GET", raw: "http://shop.example/products/42", expect: { route: "products-read" } },
  { name: "OPTIONS * goes to the default upstream", method: "OPTIONS", raw: "*", expect: { route: null } },
  { name: "a 10 KB path is refused", method: "GET", raw: `/products/${"x".repeat(10 * 1024)}`, expect: { status: 414 } },
  { name: "header and query conditions both holding match", method: "GET", raw: "/search?v=2", headers: { "x-beta": "1" }, expect: { route: "beta-search" } },
  { name: "a missing header condition falls through", method: "GET", raw: "/search?v=2", expect: { route: null } },
  { name: "a wrong query value falls through", method: "GET", raw: "/search?v=1", headers: { "x-beta": "1" }, expect: { route: null } },
  { name: "a cookie condition with * needs only the cookie", method: "DELETE", raw: "/reports", headers: { cookie: "a=1; beta=yes" }, expect: { route: "cookie-gated" } },
  { name: "without the cookie the route does not match", method: "GET", raw: "/reports", headers: { cookie: "a=1" }, expect: { route: null } },
  { name: "a wildcard matches any depth below it", method: "GET", raw: "/static/css/site.css", expect: { route: "assets" } },
  { name: "a wildcard does not match its bare prefix", method: "GET", raw: "/static", expect: { route: null } },
];
