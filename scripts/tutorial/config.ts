import { resolve } from "node:path";
import { z } from "zod";
import { parseConfig } from "../../platform";

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);

const schema = z.object({
  MONOLITH_PORT: port(3001),
  CATALOG_PORT: port(3002),
  PROXY_PORT: port(8080),
  ADMIN_PORT: port(8081),
  STRANGLER_DATA_DIR: z.string().min(1).default("./.strangler"),
  SHOP_ADMIN_TOKEN: z.string().min(16).default("dev-shop-admin-token"),
});

/** Where the tutorial finds the stack `npm start` runs: the same variables and defaults. */
export interface TutorialConfig {
  monolithUrl: string;
  catalogUrl: string;
  proxyUrl: string;
  adminUrl: string;
  dataDir: string;
  /** The shop's admin token, for the tutorial's catalog writes (steps 4, 9 and 10). */
  shopAdminToken: string;
  /** The environment the `strangler` CLI runs with (it finds the admin token and ports the same way). */
  cliEnv: Readonly<NodeJS.ProcessEnv>;
}

export function readTutorialConfig(env: NodeJS.ProcessEnv = process.env): TutorialConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ""));
  const vars = parseConfig(schema, present, "environment", {});
  return Object.freeze({
    monolithUrl: `http://127.0.0.1:${vars.MONOLITH_PORT}`,
    catalogUrl: `http://127.0.0.1:${vars.CATALOG_PORT}`,
    proxyUrl: `http://127.0.0.1:${vars.PROXY_PORT}`,
    adminUrl: `http://127.0.0.1:${vars.ADMIN_PORT}`,
    dataDir: resolve(vars.STRANGLER_DATA_DIR),
    shopAdminToken: vars.SHOP_ADMIN_TOKEN,
    cliEnv: Object.freeze({ ...env }),
  });
}
