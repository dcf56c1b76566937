import type { Tutorial } from "./tutorial-kit";

/** The two routes the tutorial moves: the catalog reads (group `catalog` in strangler.config.json). */
export const CATALOG_READ_ROUTES = ["catalog-products-read", "catalog-categories-read"] as const;

/** `npx strangler route set <id> --stage …` for both catalog read routes. */
export async function setCatalogReads(t: Tutorial, stage: "monolith" | "shadow" | "canary" | "service", percent?: number): Promise<void> {
  for (const route of CATALOG_READ_ROUTES) {
    await t.strangler(["route", "set", route, "--stage", stage, ...(percent === undefined ? [] : ["--percent", String(percent)]), "--reason", "tutorial"]);
  }
}

/** Who answered a request through the proxy: `catalog` (the service sets x-served-by) or `monolith`. */
export async function servedBy(t: Tutorial, path: string, user?: string): Promise<"catalog" | "monolith"> {
  const answer = await t.http(`${t.config.proxyUrl}${path}`, { headers: user ? { "x-user-id": user } : {} });
  if (answer.status >= 500) throw new Error(`GET ${path} through the proxy answered ${answer.status}: ${answer.text}`);
  return answer.headers.get("x-served-by") === "catalog" ? "catalog" : "monolith";
}

/** Sends `count` requests to `path` and counts who answered them. */
export async function countServedBy(t: Tutorial, path: string, count: number): Promise<{ catalog: number; monolith: number }> {
  const counts = { catalog: 0, monolith: 0 };
  for (let i = 0; i < count; i += 1) counts[await servedBy(t, path)] += 1;
  return counts;
}

/** The route's stage as `npx strangler status --json` reports it. */
export async function stagesOf(t: Tutorial): Promise<Record<string, { stage: string; percent: number }>> {
  const run = await t.strangler(["status", "--json"], { quiet: true });
  const status = JSON.parse(run.stdout) as { routes: Array<{ id: string; stage: string; percent: number }> };
  return Object.fromEntries(status.routes.map((route) => [route.id, { stage: route.stage, percent: route.percent }]));
}
