import type { Tutorial } from "./tutorial-kit";

/** What `strangler diff <route> --json` prints, as far as the tutorial's shadow steps read it. */
export interface DiffJson {
  report: { samples: number; matchRate: number | null; counters: { mismatched: number; errored: number } };
  gate: { allowed: boolean; reasons: string[] };
}

/** Compared samples a shadow step sends each read route (above the promotion gate's 100). */
export const SHADOW_SAMPLES_NEEDED = 110;

/** The shadow report and the gate of `route`, read through the CLI. */
export async function diffReport(t: Tutorial, route: string): Promise<DiffJson> {
  return JSON.parse((await t.strangler(["diff", route, "--json"], { quiet: true })).stdout) as DiffJson;
}
