import type { SeedOptions } from "../../monolith";

export const SEED_USAGE = `Usage: npm run seed -- [--categories 20] [--products 500] [--customers 100] [--orders 1000] [--seed 1] [--force | --if-empty]
Fills $STRANGLER_DATA_DIR/monolith.sqlite (default ./.strangler), or the PostgreSQL database MONOLITH_DATABASE_URL, with a deterministic sample shop.
--force replaces existing shop data; without it a non-empty database is left untouched (exit 1; with --if-empty, exit 0).
`;

const MAX_ROWS = 10_000_000;

function count(name: string, raw: string | undefined, min: number): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^[0-9]+$/.test(raw) || Number(raw) < min || Number(raw) > MAX_ROWS) {
    throw new RangeError(`--${name} must be a whole number between ${min} and ${MAX_ROWS}, got "${raw}"`);
  }
  return Number(raw);
}

/** Turns the command-line strings into seed options; throws a RangeError naming a bad flag. */
export function parseSeedArgs(values: Partial<Record<"categories" | "products" | "customers" | "orders" | "seed", string>> & { force?: boolean }): SeedOptions {
  return {
    categories: count("categories", values.categories, 0),
    products: count("products", values.products, 0),
    customers: count("customers", values.customers, 0),
    orders: count("orders", values.orders, 0),
    seed: count("seed", values.seed, 0),
    force: values.force ?? false,
  };
}
