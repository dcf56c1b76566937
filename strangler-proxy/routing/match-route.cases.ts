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
  ],
};

/** One row: a raw request and the route it must match (null = default upstream) or the status it must get. */
export interface MatchCase {
  name: string;
  method: string;
  raw: string;
  headers?: Record<string, string>;
  expect: { route: string | null } | { status: 400 | 414 };
}

/** Shared by the unit test of matching and the proxy's integration test (through a real listener). */
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
  { name: "repeated slashes match after collapsing", method: "GET", raw: "//products//42", expect: { route: "products-read" } },
  { name: "dot segments escaping the route go to the default upstream", method: "GET", raw: "/products/%2e%2e/admin", expect: { route: null } },
  { name: "dot segments into the route match it", method: "GET", raw: "/admin/%2e%2e/products/1", expect: { route: "products-read" } },
  { name: "an encoded slash cannot smuggle a path", method: "GET", raw: "/products%2F42", expect: { status: 400 } },
  { name: "overlong UTF-8 cannot smuggle a dot segment", method: "GET", raw: "/admin/%C0%AE%C0%AE/products/1", expect: { status: 400 } },
  { name: "a 10 KB path is refused", method: "GET", raw: `/products/${"x".repeat(10 * 1024)}`, expect: { status: 414 } },
  { name: "header and query conditions both holding match", method: "GET", raw: "/search?v=2", headers: { "x-beta": "1" }, expect: { route: "beta-search" } },
  { name: "a missing header condition falls through", method: "GET", raw: "/search?v=2", expect: { route: null } },
  { name: "a wrong query value falls through", method: "GET", raw: "/search?v=1", headers: { "x-beta": "1" }, expect: { route: null } },
  { name: "a cookie condition with * needs only the cookie", method: "DELETE", raw: "/reports", headers: { cookie: "a=1; beta=yes" }, expect: { route: "cookie-gated" } },
  { name: "without the cookie the route does not match", method: "GET", raw: "/reports", headers: { cookie: "a=1" }, expect: { route: null } },
  { name: "a wildcard matches any depth below it", method: "GET", raw: "/static/css/site.css", expect: { route: "assets" } },
  { name: "a wildcard does not match its bare prefix", method: "GET", raw: "/static", expect: { route: null } },
];
