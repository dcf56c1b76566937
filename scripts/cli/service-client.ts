import type { SyncStatus } from "../../contracts";
// The module itself, not the contracts barrel (which loads zod for its schemas).
import { DISCARD_PATH, PARKED_PATH, REPLAY_PATH, type DiscardAnswer, type ParkedAnswer, type ReplayAnswer } from "../../contracts/parked-changes";
import { CLI_ERROR_CODES, CliError } from "./cli-error";
import type { CliConfig } from "./config";
// The module itself, not the platform barrel: a CLI call must not load express or winston.
import { callJson, JsonCallFailed, type JsonAnswer } from "../../platform/json-call";
import { syncEndpoints, type SyncEndpoint } from "./service-directory";


/** Calls the services' internal sync endpoints, found through the route table. */
export class ServiceClient {
  private endpointList?: SyncEndpoint[];

  constructor(private readonly config: CliConfig) {}

  /** Services with a sync status path; `only` narrows to one, failing with the list of names. */
  endpoints(only?: string): SyncEndpoint[] {
    this.endpointList ??= syncEndpoints(this.config);
    if (only === undefined) return this.endpointList;
    const found = this.endpointList.filter((endpoint) => endpoint.service === only);
    if (found.length === 0) {
      throw new CliError(
        CLI_ERROR_CODES.unknownService,
        `No service "${only}" with a syncStatusPath in ${this.config.routeTablePath}. Services with sync: ${this.endpointList.map((endpoint) => endpoint.service).join(", ") || "(none)"}`,
      );
    }
    return found;
  }

  syncStatus(endpoint: SyncEndpoint): Promise<SyncStatus> {
    return this.call<SyncStatus>(endpoint, "GET", endpoint.syncStatusPath);
  }

  /** The service's parked changes, or those of one key / table / source (`GET /internal/sync/parked?…`). */
  parked(endpoint: SyncEndpoint, filter: { key?: string; table?: string; source?: string } = {}): Promise<ParkedAnswer> {
    const query = new URLSearchParams(Object.entries(filter).filter((entry): entry is [string, string] => entry[1] !== undefined)).toString();
    return this.call<ParkedAnswer>(endpoint, "GET", query ? `${PARKED_PATH}?${query}` : PARKED_PATH);
  }

  replay(endpoint: SyncEndpoint, body: { key?: string; table?: string; all?: true }): Promise<ReplayAnswer> {
    return this.call<ReplayAnswer>(endpoint, "POST", REPLAY_PATH, body);
  }

  /** Drops a row's parked changes for good, audited in the service (`POST /internal/sync/parked/discard`). */
  discard(endpoint: SyncEndpoint, body: { key: string; table?: string; source?: string; reason: string; actor: string }): Promise<DiscardAnswer> {
    return this.call<DiscardAnswer>(endpoint, "POST", DISCARD_PATH, body);
  }

  private async call<T>(endpoint: SyncEndpoint, method: string, path: string, body?: unknown): Promise<T> {
    let response: JsonAnswer;
    try {
      response = await callJson({ method, url: `${endpoint.url}${path}`, body, timeoutMs: 30_000 });
    } catch (err) {
      if (!(err instanceof JsonCallFailed)) throw err;
      throw new CliError(
        CLI_ERROR_CODES.serviceUnreachable,
        `Cannot reach the ${endpoint.service} service at ${endpoint.url} (${err.reason}). Start the stack (npm start), or check its upstream url in the route table.`,
      );
    }
    if (!response.ok) {
      throw new CliError(response.error?.code ?? CLI_ERROR_CODES.serviceRefused, `${endpoint.service}: ${response.error?.message ?? `${method} ${path} answered ${response.status}`}`);
    }
    return response.json as T;
  }
}
