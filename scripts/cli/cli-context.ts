import type { AdminClient } from "./admin-client";
import type { CliConfig } from "./config";
import type { ServiceClient } from "./service-client";

/** What a command needs, created lazily so `--help` and usage errors need no configuration. */
export interface CliContext {
  /** The proxy's admin API. */
  admin(): AdminClient;
  /** The extracted services' internal endpoints (sync status, parked changes). */
  services(): ServiceClient;
  config(): CliConfig;
}
