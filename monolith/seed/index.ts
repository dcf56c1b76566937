/** Writes the deterministic sample shop into a migrated database; see seed-shop.ts. */
export { seedShop, isShopEmpty } from "./seed-shop";
export type { SeedOptions, SeedResult } from "./seed-shop";
/** Row counts of a seed run, the default sample size, and the seeded customers' password. */
export { DEFAULT_SEED_SIZE, SEED_CUSTOMER_PASSWORD } from "./seed-size";
export type { SeedSize } from "./seed-size";
/** The seeded PRNG (mulberry32) the seeder draws from; never Math.random. */
export { SeededRandom } from "../../platform";
