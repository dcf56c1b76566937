import { rawRequest, type RawResponse } from "../proxy";

/** Error codes of a retryable refusal during a write cut-over (nothing was committed). */
export const RETRYABLE_FENCE_CODES = ["PROXY_ERR_FENCED", "SHOP_ERR_WRITE_FENCED"] as const;

/** What one client believes, from the answers it was given: the last acknowledged state of each row. */
export interface AckedProduct {
  id: number;
  name: string;
  deleted: boolean;
}

export interface WriteLoadReport {
  acknowledged: number;
  /** Acknowledged writes the catalog service answered (`x-served-by: catalog`); the rest came from the monolith. */
  servedByCatalog: number;
  /** 503 answers with Retry-After and a fence code; each was retried until acknowledged. */
  retryable503: number;
  /** Anything else: a lost, doubled or refused write would show here. */
  unexpected: string[];
  products: AckedProduct[];
  /** The last acknowledged name of the category the load renames. */
  categoryName: string | null;
}

export interface WriteLoadOptions {
  proxyUrl: string;
  adminToken: string;
  /** Parallel clients (default 3); each writes only its own products, so its view is exact. */
  clients?: number;
  /** Pause between one client's writes (default 30 ms). */
  pauseMs?: number;
  /** A seeded category the load creates products in and renames. */
  categoryId: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Steady catalog writes through the proxy (create, rename, delete products; rename a category),
 * as clients would send them during a write cut-over: a retryable 503 is retried after its
 * Retry-After (shortened), everything else must be the legacy success answer. `stop()` ends the
 * loops and returns what the clients were told.
 */
export function startWriteLoad(options: WriteLoadOptions): { stop(): Promise<WriteLoadReport> } {
  let running = true;
  // SKUs are unique in the shop: each load run writes its own.
  const run = Math.random().toString(36).slice(2, 8);
  const report: WriteLoadReport = { acknowledged: 0, servedByCatalog: 0, retryable503: 0, unexpected: [], products: [], categoryName: null };
  const headers = { authorization: `Bearer ${options.adminToken}`, "content-type": "application/json" };

  /** Sends until acknowledged (retrying fenced 503s) or refused otherwise; null when refused or stopped. */
  async function write(method: string, path: string, body: unknown, expected: number): Promise<RawResponse | null> {
    for (;;) {
      const answer = await rawRequest(options.proxyUrl, { method, path, headers, body: JSON.stringify(body) }).catch((err: unknown) => ({ failed: err }));
      // Not `instanceof Error`: under jest, an error made by node's http (another realm) is no Error of the test's.
      if ("failed" in answer) {
        report.unexpected.push(`${method} ${path}: ${String((answer.failed as { message?: unknown })?.message ?? answer.failed)}`);
        return null;
      }
      if (answer.status === expected) {
        report.acknowledged += 1;
        if (answer.headers["x-served-by"] === "catalog") report.servedByCatalog += 1;
        return answer;
      }
      const code = answer.status === 503 ? (JSON.parse(answer.body) as { error?: { code?: string } }).error?.code : undefined;
      if (answer.status === 503 && answer.headers["retry-after"] && RETRYABLE_FENCE_CODES.includes(code as (typeof RETRYABLE_FENCE_CODES)[number])) {
        report.retryable503 += 1;
        await sleep(20);
        continue;
      }
      report.unexpected.push(`${method} ${path}: ${answer.status} from ${answer.headers["x-served-by"] ?? "the monolith"} ${answer.body.slice(0, 200)}`);
      return null;
    }
  }

  async function productClient(client: number): Promise<void> {
    const mine = new Map<number, AckedProduct>();
    let serial = 0;
    while (running) {
      const live = [...mine.values()].filter((product) => !product.deleted);
      const roll = Math.random();
      if (live.length < 2 || roll < 0.3) {
        serial += 1;
        const name = `load ${client}-${serial}`;
        const answer = await write("POST", "/products", { sku: `load-${run}-${client}-${serial}`, name, priceCents: 100 + serial, categoryId: options.categoryId }, 201);
        if (answer) {
          const id = (JSON.parse(answer.body) as { id: number }).id;
          mine.set(id, { id, name, deleted: false });
        }
      } else if (roll < 0.85) {
        const product = live[Math.floor(Math.random() * live.length)];
        const name = `${product.name.split(" v")[0]} v${Date.now()}`;
        if (await write("PATCH", `/products/${product.id}`, { name }, 200)) product.name = name;
      } else {
        const product = live[Math.floor(Math.random() * live.length)];
        if (await write("DELETE", `/products/${product.id}`, undefined, 204)) product.deleted = true;
      }
      await sleep(options.pauseMs ?? 30);
    }
    report.products.push(...mine.values());
  }

  async function categoryClient(): Promise<void> {
    let serial = 0;
    while (running) {
      serial += 1;
      const name = `Category renamed ${serial}`;
      if (await write("PATCH", `/categories/${options.categoryId}`, { name }, 200)) report.categoryName = name;
      await sleep((options.pauseMs ?? 30) * 3);
    }
  }

  const loops = [...Array.from({ length: options.clients ?? 3 }, (_, client) => productClient(client + 1)), categoryClient()];
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      return report;
    },
  };
}
