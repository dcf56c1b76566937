/**
 * Preload of `npm run bench:cdc -- --profile <dir>` (NODE_OPTIONS="--require …", which refuses
 * `--cpu-prof` itself): a V8 CPU profile of the whole process, written to
 * `$BENCH_CPU_PROFILE_DIR/<pid>-<entry>.cpuprofile` when the process exits (open it in Chrome's
 * DevTools or speedscope).
 */
"use strict";
const inspector = require("node:inspector");
const { writeFileSync } = require("node:fs");
const { basename, join } = require("node:path");

const dir = process.env.BENCH_CPU_PROFILE_DIR;
if (dir) {
  const session = new inspector.Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.setSamplingInterval", { interval: 1000 });
  session.post("Profiler.start");
  process.once("exit", () => {
    // A same-thread session answers synchronously, so this runs before the process is gone.
    session.post("Profiler.stop", (err, result) => {
      if (err) return;
      const entry = basename(process.argv[1] ?? "node").replace(/\.[cm]?[jt]s$/, "");
      writeFileSync(join(dir, `${process.pid}-${entry}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
