import { CreateShopSchema1764000000000 } from "./1764000000000-create-shop-schema";

/** Migrations of the shop database (monolith.sqlite), oldest first. Append new ones at the end. */
export const monolithMigrations = [
  CreateShopSchema1764000000000,
];
