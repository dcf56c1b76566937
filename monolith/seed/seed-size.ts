/** How many rows of each kind the seeder writes. */
export interface SeedSize {
  categories: number;
  products: number;
  customers: number;
  orders: number;
}

/** The sample used by `npm run seed` without options. */
export const DEFAULT_SEED_SIZE: SeedSize = { categories: 20, products: 500, customers: 100, orders: 1000 };

/** Password of every seeded customer (sample data only). */
export const SEED_CUSTOMER_PASSWORD = "sample-password";
