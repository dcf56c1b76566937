import type { FlagRecord } from "./flag-record.entity";

/** A feature in the Unleash client API format (`GET /api/client/features`). */
export interface ClientFeature {
  name: string;
  type: "release";
  enabled: boolean;
  stale: false;
  impressionData: false;
  project: "default";
  strategies: Array<{ name: "flexibleRollout"; constraints: []; parameters: { rollout: string; stickiness: "userId"; groupId: string } }>;
  variants: [];
}

/**
 * One flag as Unleash serves it: a flexibleRollout strategy with `userId` stickiness and
 * groupId = flag name, so Unleash's murmur-hash bucket of a user never changes with the percentage.
 */
export function toClientFeature(flag: Pick<FlagRecord, "name" | "enabled" | "rollout">): ClientFeature {
  return {
    name: flag.name,
    type: "release",
    enabled: flag.enabled,
    stale: false,
    impressionData: false,
    project: "default",
    strategies: [
      {
        name: "flexibleRollout",
        constraints: [],
        parameters: { rollout: String(flag.rollout), stickiness: "userId", groupId: flag.name },
      },
    ],
    variants: [],
  };
}
