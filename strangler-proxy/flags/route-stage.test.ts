import { STAGES } from "../config/schema";
import { flagsForStage, stageFromFlags } from "./route-stage";

const asDefinitions = (flags: ReturnType<typeof flagsForStage>) =>
  [{ name: "p", ...flags.primary }, { name: "s", enabled: flags.shadow, rollout: 100 }] as const;

describe("route stage ⇄ flags", () => {
  it.each(STAGES.map((stage) => [stage]))("round-trips stage %s", (stage) => {
    const percent = stage === "canary" ? 30 : undefined;
    const [primary, shadow] = asDefinitions(flagsForStage(stage, percent));
    expect(stageFromFlags(primary, shadow)).toEqual({ stage, percent: stage === "canary" ? 30 : stage === "service" ? 100 : 0 });
  });

  it("treats canary 0% as the monolith and canary 100% as the service", () => {
    expect(flagsForStage("canary", 0)).toEqual(flagsForStage("monolith"));
    expect(flagsForStage("canary", 100)).toEqual(flagsForStage("service"));
  });

  it("reports the monolith when there are no flags yet", () => {
    expect(stageFromFlags(undefined, undefined)).toEqual({ stage: "monolith", percent: 0 });
  });

  it("reports shadow only while the primary flag is off", () => {
    expect(stageFromFlags({ name: "p", enabled: true, rollout: 10 }, { name: "s", enabled: true, rollout: 100 })).toEqual({ stage: "canary", percent: 10 });
  });

  it("reports an unknown percentage for strategies that are not a plain rollout (a hand-edited Unleash flag)", () => {
    expect(stageFromFlags({ name: "p", enabled: true, rollout: null }, undefined)).toEqual({ stage: "canary", percent: null });
  });
});
