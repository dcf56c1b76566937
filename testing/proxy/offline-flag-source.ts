import { createLogger } from "../../platform";
import { UnleashFlagSource } from "../../strangler-proxy/flags";
import { tempDir } from "../temp-dir";

type Bootstrap = ConstructorParameters<typeof UnleashFlagSource>[0]["bootstrap"];

/**
 * The real unleash-client adapter, started on fixed `features` with no server to reach (an
 * unreachable URL, no polling): for tests of how flags evaluate. `close()` also removes its folder.
 */
export async function offlineFlagSource(features: Bootstrap): Promise<{ flags: UnleashFlagSource; close(): Promise<void> }> {
  const dir = tempDir("offline-flags-");
  const flags = new UnleashFlagSource({
    url: "http://127.0.0.1:9/api/",
    appName: "strangler-proxy",
    instanceId: "unit",
    backupPath: dir.file("backup.json"),
    mode: "polling",
    refreshIntervalMs: 0,
    readyTimeoutMs: 2000,
    bootstrap: features,
    logger: createLogger({ service: "test", silent: true }),
  });
  await flags.start();
  return {
    flags,
    close: async () => {
      await flags.close();
      dir.remove();
    },
  };
}
