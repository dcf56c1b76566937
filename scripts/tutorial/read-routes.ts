import type { Tutorial } from "./tutorial-kit";

/**
 * The read routes the tutorial moves, by the service that takes them over (the route groups
 * `catalog` and `orders` in strangler.config.json). The service's name is also what its answers
 * carry in `x-served-by`.
 */
export const READ_ROUTES = {
  catalog: ["catalog-products-read", "catalog-categories-read"],
  orders: ["orders-read", "orders-customer-read"],
} as const;

export type ReadService = keyof typeof READ_ROUTES;
export type Stage = "monolith" | "shadow" | "canary" | "service";

/** Part 1: the catalog reads. */
export const CATALOG_READ_ROUTES = READ_ROUTES.catalog;
/** Part 2: the orders reads. */
export const ORDERS_READ_ROUTES = READ_ROUTES.orders;

/** `npx strangler route set <id> --stage …` for each read route of `service`. */
export async function setReads(t: Tutorial, service: ReadService, stage: Stage, percent?: number): Promise<void> {
  for (const route of READ_ROUTES[service]) {
    await t.strangler(["route", "set", route, "--stage", stage, ...(percent === undefined ? [] : ["--percent", String(percent)]), "--reason", "tutorial"]);
  }
}

/**
 * Who a request through the proxy comes from, which is also its sticky key for a canary: the
 * `x-user-id` header, else the `shop_session` cookie (`stickiness` in strangler.config.json).
 */
export interface Caller {
  user?: string;
  /** A `Cookie` header, e.g. `shop_session=…` (shop-sessions.ts). */
  cookie?: string;
}

export const callerHeaders = (caller: Caller = {}): Record<string, string> => ({
  ...(caller.user ? { "x-user-id": caller.user } : {}),
  ...(caller.cookie ? { cookie: caller.cookie } : {}),
});

/**
 * Who answered a GET through the proxy: `service` (its answers carry `x-served-by: <service>`) or
 * the monolith (no such header). A 5xx or another service's name fails the step.
 */
export async function servedBy<S extends string>(t: Tutorial, service: S, path: string, caller: Caller = {}): Promise<S | "monolith"> {
  const answer = await t.http(`${t.config.proxyUrl}${path}`, { headers: callerHeaders(caller) });
  if (answer.status >= 500) throw new Error(`GET ${path} through the proxy answered ${answer.status}: ${answer.text}`);
  const header = answer.headers.get("x-served-by");
  if (header === null) return "monolith";
  if (header === service) return service;
  throw new Error(`GET ${path} through the proxy was answered by "${header}", expected the ${service} service or the monolith`);
}

/** Sends `count` requests to `path` and counts who answered them. */
export async function countServedBy<S extends string>(t: Tutorial, service: S, path: string, count: number, caller: Caller = {}): Promise<Record<S | "monolith", number>> {
  const counts = { [service]: 0, monolith: 0 } as Record<S | "monolith", number>;
  for (let i = 0; i < count; i += 1) counts[await servedBy(t, service, path, caller)] += 1;
  return counts;
}

/** Each route's stage as `npx strangler status --json` reports it. */
export async function stagesOf(t: Tutorial): Promise<Record<string, { stage: string; percent: number }>> {
  const run = await t.strangler(["status", "--json"], { quiet: true });
  const status = JSON.parse(run.stdout) as { routes: Array<{ id: string; stage: string; percent: number }> };
  return Object.fromEntries(status.routes.map((route) => [route.id, { stage: route.stage, percent: route.percent }]));
}

/** Puts `service`'s read routes back on the monolith when a later step left them elsewhere (`route rollback`, never gated). */
export async function rollBackReads(t: Tutorial, service: ReadService, why: string): Promise<void> {
  const stages = await stagesOf(t);
  const moved = READ_ROUTES[service].filter((route) => stages[route]?.stage !== "monolith");
  if (moved.length === 0) return;
  t.say(`The ${service} reads are not on the monolith (${why}): rolling them back.`);
  for (const route of moved) await t.strangler(["route", "rollback", route, "--reason", "tutorial: back to the start"]);
}
