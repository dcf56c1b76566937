import { CreateShopSchema1764000000000 } from "./1764000000000-create-shop-schema";
import { InstallChangeCapture1764100000000 } from "./1764100000000-install-change-capture";

/** Migrations of the shop database (monolith.sqlite), oldest first. Append new ones at the end. */
export const monolithMigrations = [
  CreateShopSchema1764000000000,
  InstallChangeCapture1764100000000,
];
