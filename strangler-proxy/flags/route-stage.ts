import type { StageName } from "../config/schema";
import type { FlagDefinition } from "./flag-source";

/** A route's stage as derived from its two flags. */
export interface RouteStage {
  stage: StageName;
  /** Share of users sent to the service: 0 for monolith/shadow, 100 for service, null when unknown. */
  percent: number | null;
}

/** The flag values that express a stage. */
export interface StageFlags {
  primary: { enabled: boolean; rollout: number };
  shadow: boolean;
}

/** Derives the stage from the primary and shadow flags (the convention in docs/proxy.md). */
export function stageFromFlags(primary: FlagDefinition | undefined, shadow: FlagDefinition | undefined): RouteStage {
  if (primary?.enabled && primary.rollout !== 0) {
    if (primary.rollout === null) return { stage: "canary", percent: null };
    return primary.rollout >= 100 ? { stage: "service", percent: 100 } : { stage: "canary", percent: primary.rollout };
  }
  return shadow?.enabled ? { stage: "shadow", percent: 0 } : { stage: "monolith", percent: 0 };
}

/** The flags for a stage. Canary 0 is the monolith and canary 100 the service, so a stage always round-trips. */
export function flagsForStage(stage: StageName, percent = 0): StageFlags {
  switch (stage) {
    case "service":
      return { primary: { enabled: true, rollout: 100 }, shadow: false };
    case "canary":
      if (percent <= 0) return flagsForStage("monolith");
      if (percent >= 100) return flagsForStage("service");
      return { primary: { enabled: true, rollout: percent }, shadow: false };
    case "shadow":
      return { primary: { enabled: false, rollout: 0 }, shadow: true };
    case "monolith":
      return { primary: { enabled: false, rollout: 0 }, shadow: false };
  }
}

/** Short text for logs and the audit table, e.g. `canary 10%`. */
export function describeStage(stage: RouteStage): string {
  return stage.stage === "canary" ? `canary ${stage.percent ?? "?"}%` : stage.stage;
}
