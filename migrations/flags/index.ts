import { CreateFlagStore1764115200000 } from "./1764115200000-create-flag-store";

/**
 * Migrations of the proxy's embedded flag store (`<STRANGLER_DATA_DIR>/flags.sqlite`), in order.
 * The flag store (strangler-proxy/flags/flag-store) runs them at open.
 */
export const flagMigrations = [CreateFlagStore1764115200000];
