import { CreateShadowStore1764200000000 } from "./1764200000000-create-shadow-store";

/**
 * Migrations of the proxy's own store (`<STRANGLER_DATA_DIR>/proxy.sqlite`: shadow mismatches and
 * counters), in order. strangler-proxy/shadow/store runs them at open.
 */
export const proxyMigrations = [CreateShadowStore1764200000000];
