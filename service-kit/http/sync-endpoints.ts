import type { RunningServiceSync } from "../sync/start-service-sync";
import type { ParkedSource } from "./parked.routes";
import type { HeadSource } from "./sync-head.routes";
import type { OwnershipSource, StatusSource } from "./sync-status.routes";

/** What a service's internal sync endpoints read, in one bag (`createServiceApp`'s options take it whole). */
export interface SyncEndpoints {
  syncStatus: StatusSource;
  ownership: OwnershipSource;
  parked: ParkedSource;
  syncHead: HeadSource;
}

/** The sync endpoints of a service's running sync (startServiceSync): empty answers while a part is off. */
export function syncEndpointsOf(sync: RunningServiceSync): SyncEndpoints {
  return {
    syncStatus: async () => (sync.pair ? await sync.pair.status() : []),
    ownership: async () => (sync.group ? [await sync.group.status()] : []),
    parked: () => sync.pair,
    syncHead: async () => (sync.pair ? await sync.pair.head() : null),
  };
}
