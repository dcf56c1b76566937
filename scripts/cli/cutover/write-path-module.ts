import type { WritePath } from "../../../cdc";
import { CLI_ERROR_CODES, CliError } from "../cli-error";
import { serviceFolders } from "../service-directory";

/** What a service's `cli/write-path.ts` exports. */
interface WritePathModule {
  WRITE_GROUP: string;
  openWritePath(env: NodeJS.ProcessEnv): Promise<WritePath>;
}

export interface FoundWritePath {
  service: string;
  writeGroup: string;
  open(env: NodeJS.ProcessEnv): Promise<WritePath>;
}

/**
 * The write path named by `name`: a service folder (`catalog`) or its write group
 * (`catalog-writes`). Found by convention in `extracted/<service>/cli/write-path.ts`, loaded only
 * when a cut-over asks for it (the CLI never imports services statically).
 */
export function findWritePath(name: string): FoundWritePath {
  const candidates = serviceFolders()
    .filter((folder) => folder.writePath)
    .map((folder) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const loaded = require(folder.writePath!) as WritePathModule;
      return { service: folder.name, writeGroup: loaded.WRITE_GROUP, open: (env: NodeJS.ProcessEnv) => loaded.openWritePath(env) };
    });
  const found = candidates.find((candidate) => candidate.service === name || candidate.writeGroup === name);
  if (!found) {
    const valid = candidates.flatMap((candidate) => [candidate.service, candidate.writeGroup]);
    throw new CliError(CLI_ERROR_CODES.unknownService, `No service or write group "${name}" with cli/write-path.ts under extracted/. Valid: ${valid.join(", ") || "(none)"}`, 2);
  }
  return found;
}
