import type { CategoryFate, ExpectedState, ProductFate, StockFate } from "./expected-state";
import { SeededRandom } from "../../platform";
import { classifyAnswer, send } from "./write-outcome";
import type { WriteLedger } from "./write-ledger";

export interface FaultLoadOptions {
  proxyUrl: string;
  /** The monolith's own URL: only to read the starting state of what the load will change. */
  monolithUrl: string;
  /** SHOP_ADMIN_TOKEN: the bearer token of catalog and inventory writes. */
  shopToken: string;
  ledger: WriteLedger;
  seed: number;
  /** Clients writing products of their own (default 3). */
  productClients?: number;
  /** Pause between one client's writes (default 40 ms). */
  pauseMs?: number;
  /** Seeded category the products are created in (never renamed). */
  productCategoryId: number;
  /** Seeded category the category client renames first. */
  renamedCategoryId: number;
  /** Seeded products whose stock the legacy client may set (PUT /inventory/:id: a route that never moves), in order of use. */
  stockProductIds: number[];
  /** How many of them it writes at a time (default 8); one it lost track of is replaced by the next. */
  stockProductsAtOnce?: number;
}

export interface RunningFaultLoad {
  /** Ends the loops after the write each client is sending; resolves with what the clients were told. */
  stop(): Promise<ExpectedState>;
}

type Sent = { kind: "confirmed"; body: string; row: string } | { kind: "ambiguous" } | { kind: "stopped" };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Writes through the proxy for as long as it runs, as real clients would: product clients create
 * (unique SKU), rename (unique names) and delete their own products on the catalog's write routes;
 * a category client renames its category (and creates a fresh one when an answer left the old one
 * unknown); a legacy client sets stock levels (`PUT /inventory/:id`, the monolith's own traffic).
 * Each client retries what was refused without committing, and stops touching a row after an
 * ambiguous answer, remembering the outcomes it allows.
 */
export function startFaultLoad(options: FaultLoadOptions): RunningFaultLoad {
  const { ledger } = options;
  const pause = options.pauseMs ?? 40;
  const headers = { authorization: `Bearer ${options.shopToken}` };
  const run = new SeededRandom(options.seed).int(0, 36 ** 5).toString(36);
  let running = true;
  const products: ProductFate[] = [];
  const categories: CategoryFate[] = [];
  const stock: StockFate[] = [];

  /** Sends until confirmed (retrying refusals that committed nothing) or ambiguous; `stopped` when the load ends first. */
  async function write(method: string, path: string, body: unknown, expected: number): Promise<Sent> {
    for (;;) {
      if (!running) return { kind: "stopped" };
      const outcome = classifyAnswer(await send(options.proxyUrl, method, path, headers, body), expected);
      if (outcome.kind !== "confirmed" && outcome.failure) ledger.failure(outcome.failure.kind, `${method} ${path}: ${outcome.failure.detail}`);
      switch (outcome.kind) {
        case "confirmed":
          return { kind: "confirmed", body: outcome.body, row: ledger.confirmed() };
        case "ambiguous":
          ledger.ambiguous();
          return { kind: "ambiguous" };
        case "retry":
          ledger.retried();
          await sleep(outcome.why === "fenced" ? 50 : 100);
      }
    }
  }

  async function productClient(client: number): Promise<void> {
    const random = new SeededRandom(options.seed * 31 + client);
    let serial = 0;
    let renames = 0;
    while (running) {
      const live = products.filter((product) => product.sku.startsWith(`f${run}-${client}-`) && !product.frozen && product.id !== null && product.deleted === "no");
      const roll = random.next();
      if (live.length < 2 || roll < 0.3) {
        serial += 1;
        const sku = `f${run}-${client}-${serial}`;
        const name = `fault load ${client}-${serial}`;
        const fate: ProductFate = { sku, id: null, created: "ambiguous", createdRow: ledger.current, createName: name, name: null, ambiguousName: null, deleted: "no", deletedRow: null, frozen: true };
        const sent = await write("POST", "/products", { sku, name, priceCents: 100 + serial, categoryId: options.productCategoryId }, 201);
        if (sent.kind === "confirmed") {
          Object.assign(fate, { id: (JSON.parse(sent.body) as { id: number }).id, created: "confirmed", createdRow: sent.row, name: { value: name, row: sent.row }, frozen: false });
        }
        if (sent.kind !== "stopped") products.push(fate);
      } else if (roll < 0.85) {
        const product = random.pick(live);
        renames += 1;
        const name = `fault load ${client} renamed ${renames}`;
        const sent = await write("PATCH", `/products/${product.id}`, { name }, 200);
        if (sent.kind === "confirmed") product.name = { value: name, row: sent.row };
        if (sent.kind === "ambiguous") Object.assign(product, { ambiguousName: name, frozen: true });
      } else {
        const product = random.pick(live);
        const sent = await write("DELETE", `/products/${product.id}`, undefined, 204);
        if (sent.kind === "confirmed") Object.assign(product, { deleted: "confirmed", deletedRow: sent.row });
        if (sent.kind === "ambiguous") Object.assign(product, { deleted: "ambiguous", frozen: true });
      }
      await sleep(pause);
    }
  }

  async function categoryClient(): Promise<void> {
    const original = await send(options.monolithUrl, "GET", `/categories/${options.renamedCategoryId}`, {});
    if ("error" in original || original.status !== 200) throw new Error(`cannot read category ${options.renamedCategoryId} from the monolith: ${JSON.stringify(original).slice(0, 300)}`);
    const seeded = JSON.parse(original.body) as { id: number; slug: string; name: string };
    let current: CategoryFate = { slug: seeded.slug, id: seeded.id, created: "seeded", createdRow: ledger.current, createName: seeded.name, name: { value: seeded.name, row: ledger.current }, ambiguousName: null, frozen: false };
    categories.push(current);
    let serial = 0;
    while (running) {
      serial += 1;
      if (current.frozen) {
        // The old category's name is unknown now: continue on a new one of our own.
        const slug = `f${run}-category-${serial}`;
        const name = `Fault category ${serial}`;
        const fate: CategoryFate = { slug, id: null, created: "ambiguous", createdRow: ledger.current, createName: name, name: null, ambiguousName: null, frozen: true };
        const sent = await write("POST", "/categories", { slug, name }, 201);
        if (sent.kind === "confirmed") Object.assign(fate, { id: (JSON.parse(sent.body) as { id: number }).id, created: "confirmed", createdRow: sent.row, name: { value: name, row: sent.row }, frozen: false });
        if (sent.kind !== "stopped") categories.push(fate);
        if (!fate.frozen) current = fate;
      } else {
        const name = `Fault category renamed ${serial}`;
        const sent = await write("PATCH", `/categories/${current.id}`, { name }, 200);
        if (sent.kind === "confirmed") current.name = { value: name, row: sent.row };
        if (sent.kind === "ambiguous") Object.assign(current, { ambiguousName: name, frozen: true });
      }
      await sleep(pause * 3);
    }
  }

  async function legacyClient(): Promise<void> {
    const spare = [...options.stockProductIds];
    /** Starts tracking one more product's stock: its quantity now, read from the monolith itself. */
    const activate = async (): Promise<boolean> => {
      const productId = spare.shift();
      if (productId === undefined) return false;
      const answer = await send(options.monolithUrl, "GET", `/inventory/${productId}`, {});
      if ("error" in answer || answer.status !== 200) throw new Error(`cannot read the stock of product ${productId} from the monolith: ${JSON.stringify(answer).slice(0, 300)}`);
      stock.push({ productId, quantity: { value: (JSON.parse(answer.body) as { quantity: number }).quantity, row: ledger.current }, ambiguousQuantity: null, frozen: false });
      return true;
    };
    for (let i = 0; i < (options.stockProductsAtOnce ?? 8); i++) await activate();
    let serial = 0;
    while (running) {
      const open = stock.filter((fate) => !fate.frozen);
      if (open.length === 0) break;
      serial += 1;
      const fate = open[serial % open.length];
      const quantity = 1000 + serial;
      const sent = await write("PUT", `/inventory/${fate.productId}`, { quantity }, 200);
      if (sent.kind === "confirmed") fate.quantity = { value: quantity, row: sent.row };
      if (sent.kind === "ambiguous") {
        // Its stock is unknown now: leave it alone and keep the legacy traffic going on another product.
        Object.assign(fate, { ambiguousQuantity: quantity, frozen: true });
        await activate();
      }
      await sleep(pause * 2);
    }
  }

  const errors: unknown[] = [];
  const guarded = (loop: Promise<void>) =>
    loop.catch((err: unknown) => {
      errors.push(err);
      running = false;
    });
  const loops = [guarded(categoryClient()), guarded(legacyClient())];
  for (let client = 1; client <= (options.productClients ?? 3); client++) loops.push(guarded(productClient(client)));
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      if (errors.length > 0) throw new Error(`a load client failed: ${errors.map(String).join("; ")}`);
      return { products, categories, stock };
    },
  };
}
