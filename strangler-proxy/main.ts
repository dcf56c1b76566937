import { createLogger, onShutdown, restrictFileModes, safeError } from "../platform";
import { loadProxyConfig } from "./config";
import { startProxyRuntime } from "./runtime";

async function main(): Promise<void> {
  restrictFileModes();
  let config;
  try {
    config = loadProxyConfig(process.env);
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
  const logger = createLogger({ service: "strangler-proxy", level: config.logLevel });
  try {
    const running = await startProxyRuntime(config, logger);
    onShutdown(logger, [], () => running.close());
  } catch (err) {
    logger.error("strangler proxy failed to start", { err: safeError(err).message, code: (err as { code?: string }).code });
    process.exit(1);
  }
}

void main();
