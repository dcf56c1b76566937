import { resolve } from "node:path";
import { z } from "zod";
import { envFix, envVar, MIN_TOKEN_LENGTH, readEnv } from "../../platform/env";

/** The tutorial connects to these ports, so 0 ("any free port") makes no sense here. */
const schema = z.object({
  MONOLITH_PORT: envVar.port(3001),
  CATALOG_PORT: envVar.port(3002),
  ORDERS_PORT: envVar.port(3003),
  PROXY_PORT: envVar.port(8080),
  ADMIN_PORT: envVar.port(8081),
  STRANGLER_DATA_DIR: envVar.path("./.strangler"),
  SHOP_ADMIN_TOKEN: envVar.token().default("dev-shop-admin-token"),
});

const FIXES: Record<string, string> = {
  MONOLITH_PORT: envFix.port(3001),
  CATALOG_PORT: envFix.port(3002),
  ORDERS_PORT: envFix.port(3003),
  PROXY_PORT: envFix.port(8080),
  ADMIN_PORT: envFix.port(8081),
  STRANGLER_DATA_DIR: "set the data folder `npm start` runs with (default ./.strangler).",
  SHOP_ADMIN_TOKEN: `use the shop's admin token the stack runs with (at least ${MIN_TOKEN_LENGTH} characters), or unset it for the development token.`,
};

/** Where the tutorial finds the stack `npm start` runs: the same variables and defaults. */
export interface TutorialConfig {
  monolithUrl: string;
  catalogUrl: string;
  /** The orders service (part 2 of the tutorial, steps 11 onwards). */
  ordersUrl: string;
  proxyUrl: string;
  adminUrl: string;
  dataDir: string;
  /** The shop's admin token, for the tutorial's catalog writes (steps 4, 9 and 10). */
  shopAdminToken: string;
  /** The environment the `strangler` CLI runs with (it finds the admin token and ports the same way). */
  cliEnv: Readonly<NodeJS.ProcessEnv>;
}

/** Reads the tutorial's settings from `env`; empty variables count as unset (platform/env.ts). */
export function readTutorialConfig(env: NodeJS.ProcessEnv = process.env): TutorialConfig {
  const vars = readEnv(schema, env, FIXES);
  return Object.freeze({
    monolithUrl: `http://127.0.0.1:${vars.MONOLITH_PORT}`,
    catalogUrl: `http://127.0.0.1:${vars.CATALOG_PORT}`,
    ordersUrl: `http://127.0.0.1:${vars.ORDERS_PORT}`,
    proxyUrl: `http://127.0.0.1:${vars.PROXY_PORT}`,
    adminUrl: `http://127.0.0.1:${vars.ADMIN_PORT}`,
    dataDir: resolve(vars.STRANGLER_DATA_DIR),
    shopAdminToken: vars.SHOP_ADMIN_TOKEN,
    cliEnv: Object.freeze({ ...env }),
  });
}
