import { stagesOf } from "./read-routes";
import type { HttpAnswer, Tutorial } from "./tutorial-kit";

/** The catalog's write routes (group `catalog-writes` in strangler.config.json); they move together. */
export const CATALOG_WRITE_ROUTES = ["catalog-products-write", "catalog-categories-write"] as const;

/** Where the proxy sends the catalog's writes now: `monolith`, `service`, or `split` when the two routes disagree. */
export async function catalogWritesOwner(t: Tutorial): Promise<"monolith" | "service" | "split"> {
  const stages = await stagesOf(t);
  const owners = new Set(CATALOG_WRITE_ROUTES.map((route) => stages[route]?.stage));
  if (owners.size === 1 && owners.has("monolith")) return "monolith";
  if (owners.size === 1 && owners.has("service")) return "service";
  return "split";
}

/** Who answered: `catalog` when the answer carries `x-served-by: catalog`, else the monolith. */
export const answeredBy = (answer: HttpAnswer): "catalog" | "monolith" => (answer.headers.get("x-served-by") === "catalog" ? "catalog" : "monolith");

/** The `error.code` of a legacy error envelope, if the answer is one. */
export function errorCode(answer: HttpAnswer): string | undefined {
  try {
    return answer.json<{ error?: { code?: string } }>().error?.code;
  } catch {
    return undefined;
  }
}

/** Status, who answered and the start of the body, for a failed check's detail. */
export const summary = (answer: HttpAnswer): string => `${answer.status} (answered by the ${answeredBy(answer)}): ${answer.text.slice(0, 300)}`;

/**
 * A write as a well-behaved client sends it: a 503 with `Retry-After` (the few milliseconds in which
 * a cut-over fences the writes, nothing committed) is sent again, and the retry is printed. Any
 * other answer is returned as it is.
 */
export async function writeRetryingFence(t: Tutorial, url: string, method: "POST" | "PATCH" | "DELETE" | "PUT", body: unknown, headers: Record<string, string>, attempts = 5): Promise<HttpAnswer> {
  for (let attempt = 1; ; attempt += 1) {
    const answer = await t.http(url, { method, headers, body });
    const retryAfter = answer.headers.get("retry-after");
    if (answer.status !== 503 || retryAfter === null || attempt === attempts) return answer;
    t.say(`  ${method} ${new URL(url).pathname}: 503 ${errorCode(answer) ?? ""} with Retry-After ${retryAfter}: sending it again, as a client should`);
    await new Promise((resolve) => setTimeout(resolve, Math.min(Number(retryAfter) * 1000 || 1000, 1000)));
  }
}

/** A catalog write with the shop's admin token (`writeRetryingFence`). */
export function adminWrite(t: Tutorial, url: string, method: "POST" | "PATCH" | "DELETE" | "PUT", body: unknown, attempts = 5): Promise<HttpAnswer> {
  return writeRetryingFence(t, url, method, body, { authorization: `Bearer ${t.config.shopAdminToken}` }, attempts);
}
