/**
 * The shop's regression suite, written against a base URL so it runs unchanged against the monolith
 * directly or through the strangler proxy.
 */

/** Declares the jest describe/it blocks covering every shop endpoint against `target()`. */
export { describeShopRegression } from "./describe-shop-regression";
/** Base URL and admin token the suite talks to. */
export type { ShopTarget } from "./shop-target";
/** API-level fixture helpers (unique categories, products, logged-in customers). */
export { ShopFixtures, sessionCookieOf } from "./shop-fixtures";
