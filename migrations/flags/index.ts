import { CreateFlagStore1764115200000 } from "./1764115200000-create-flag-store";
import { CreateFenceLeases1764600000000 } from "./1764600000000-create-fence-leases";

/**
 * Migrations of the proxy's embedded flag store (`<STRANGLER_DATA_DIR>/flags.sqlite`), in order.
 * The flag store (strangler-proxy/flags/flag-store) runs them at open.
 */
export const flagMigrations = [CreateFlagStore1764115200000, CreateFenceLeases1764600000000];
