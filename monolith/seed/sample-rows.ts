import type { Category, Customer, Order, OrderLine, Product, StockLevel } from "../entities";
import { SeededRandom } from "../../platform";
import { ADJECTIVES, CATEGORY_WORDS, FIRST_NAMES, LAST_NAMES, MATERIALS, NOUNS } from "./sample-words";
import type { SeedSize } from "./seed-size";

// Sample rows are dated from here on, one step apart, so the same seed gives the same timestamps.
const EPOCH = Date.UTC(2024, 0, 1);
const STEP_MS = 60_000;

const at = (step: number): string => new Date(EPOCH + step * STEP_MS).toISOString();
const withArticle = (word: string): string => `${/^[aeiou]/i.test(word) ? "An" : "A"} ${word}`;

export type CategoryRow = Pick<Category, "id" | "slug" | "name" | "createdAt" | "updatedAt">;
export type ProductRow = Pick<Product, "id" | "sku" | "name" | "description" | "priceCents" | "categoryId" | "active" | "createdAt" | "updatedAt">;
export type StockRow = Pick<StockLevel, "productId" | "quantity" | "updatedAt">;
export type CustomerRow = Pick<Customer, "id" | "email" | "name" | "createdAt" | "updatedAt">;
export type OrderRow = Pick<Order, "id" | "customerId" | "status" | "totalCents" | "createdAt" | "updatedAt">;
export type OrderLineRow = Pick<OrderLine, "id" | "orderId" | "productId" | "quantity" | "unitPriceCents">;

export function categoryRows(count: number): CategoryRow[] {
  return Array.from({ length: count }, (_, index) => {
    const word = CATEGORY_WORDS[index % CATEGORY_WORDS.length];
    const round = Math.floor(index / CATEGORY_WORDS.length);
    const suffix = round === 0 ? "" : ` ${round + 1}`;
    return {
      id: index + 1,
      slug: `${word.toLowerCase()}${round === 0 ? "" : `-${round + 1}`}`,
      name: `${word}${suffix}`,
      createdAt: at(index),
      updatedAt: at(index),
    };
  });
}

/** Products with their stock level, one pair per id. */
export function productRow(random: SeededRandom, id: number, categories: number): { product: ProductRow; stock: StockRow } {
  const adjective = random.pick(ADJECTIVES);
  const noun = random.pick(NOUNS);
  const material = random.pick(MATERIALS);
  const created = at(1_000 + id);
  return {
    product: {
      id,
      sku: `SKU-${String(id).padStart(7, "0")}`,
      name: `${adjective} ${material} ${noun.toLowerCase()}`,
      description: `${withArticle(adjective.toLowerCase())} ${noun.toLowerCase()} made of ${material}. Model ${random.int(100, 999)}.`,
      priceCents: random.int(199, 49_999),
      categoryId: random.int(1, categories),
      active: !random.chance(0.05),
      createdAt: created,
      updatedAt: created,
    },
    stock: { productId: id, quantity: random.chance(0.05) ? 0 : random.int(1, 250), updatedAt: created },
  };
}

export function customerRow(random: SeededRandom, id: number): CustomerRow {
  const first = random.pick(FIRST_NAMES);
  const last = random.pick(LAST_NAMES);
  const created = at(200_000 + id);
  return { id, email: `customer${id}@example.com`, name: `${first} ${last}`, createdAt: created, updatedAt: created };
}

/** An order of 1 to 3 distinct products; unit prices are the products' current prices. */
export function orderRows(
  random: SeededRandom,
  id: number,
  size: SeedSize,
  firstLineId: number,
  priceOf: (productId: number) => number,
): { order: OrderRow; lines: OrderLineRow[] } {
  const productIds = new Set<number>();
  const wanted = Math.min(random.int(1, 3), size.products);
  while (productIds.size < wanted) productIds.add(random.int(1, size.products));
  const lines = [...productIds].map((productId, index) => ({
    id: firstLineId + index,
    orderId: id,
    productId,
    quantity: random.int(1, 3),
    unitPriceCents: priceOf(productId),
  }));
  const created = at(400_000 + id * 7);
  const cancelled = random.chance(0.1);
  return {
    order: {
      id,
      customerId: random.int(1, size.customers),
      status: cancelled ? "cancelled" : "placed",
      totalCents: lines.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0),
      createdAt: created,
      updatedAt: cancelled ? at(400_000 + id * 7 + 3) : created,
    },
    lines,
  };
}
