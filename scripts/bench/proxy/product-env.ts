/**
 * The bench's environment without any setting of the deployables (their ports, folders, tokens,
 * flag source, log level), plus `settings`: a process started with it runs at the product's
 * defaults except for what is passed.
 */
export function productEnv(settings: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (/^(STRANGLER_|LOG_LEVEL$|PROXY_|ADMIN_|MONOLITH_|SHOP_|CATALOG_|NATS_URL$)/.test(name)) delete env[name];
  }
  return { ...env, ...settings };
}
