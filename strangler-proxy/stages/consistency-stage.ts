import type { ReadYourWrites } from "../consistency";
import type { PipelineStage } from "./proxy-context";

/**
 * consistency: a read of a route with `readYourWrites` whose client wrote through the other side
 * goes to that side, or waits, until the chosen side has applied the write (docs/read-your-writes.md).
 * Synchronous (no I/O) for every request it does not hold.
 */
export function consistencyStage(readYourWrites: ReadYourWrites): PipelineStage {
  return {
    name: "consistency",
    run(ctx) {
      if (!ctx.route || !ctx.decision || ctx.decision.routeId === null) return;
      const changed = readYourWrites.checkRead(ctx.route, ctx.decision, ctx.view!, ctx.req);
      if (changed === undefined) return;
      if (!(changed instanceof Promise)) {
        ctx.decision = changed;
        return;
      }
      return changed.then((decision) => {
        ctx.decision = decision;
      });
    },
  };
}
