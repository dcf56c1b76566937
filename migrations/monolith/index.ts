import { CreateShopSchema1764000000000 } from "./1764000000000-create-shop-schema";
import { InstallChangeCapture1764100000000 } from "./1764100000000-install-change-capture";
import { CreateStockMovements1764900000000 } from "./1764900000000-create-stock-movements";
import { CaptureSessions1764960000000 } from "./1764960000000-capture-sessions";
import { PostgresCaptureV21765000000000 } from "./1765000000000-postgres-capture-v2";

/** Migrations of the shop database (monolith.sqlite), oldest first. Append new ones at the end. */
export const monolithMigrations = [
  CreateShopSchema1764000000000,
  InstallChangeCapture1764100000000,
  CreateStockMovements1764900000000,
  CaptureSessions1764960000000,
  PostgresCaptureV21765000000000,
];
