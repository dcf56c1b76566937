"use strict";
/*
 * Preloaded (`node --require scripts/stack/parent-watch.cjs …`) into every process `npm start`
 * runs, so no part outlives its supervisor, even one killed with SIGKILL: when the process that
 * started it is gone (it is re-parented, so `process.ppid` changes), the part sends itself SIGTERM
 * and shuts down as on Ctrl-C (its own handler, e.g. platform's onShutdown), or is ended by
 * SIGTERM's default action; 15 s later it exits in any case. The deployables' own code is unchanged.
 * Plain CommonJS without tsx, so it costs nothing at start (also under watched-exec.cjs).
 */
const { isMainThread } = require("node:worker_threads");

const CHECK_MS = 250;
const HARD_EXIT_MS = 15_000;

function parentAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === "EPERM";
  }
}

function parentGone(why) {
  // Its stdout and stderr were pipes to the supervisor: writing to them now fails with EPIPE,
  // which must not turn the graceful stop into a crash.
  const ignore = () => undefined;
  process.stdout.on("error", ignore);
  process.stderr.on("error", ignore);
  try {
    process.stderr.write(`${JSON.stringify({ level: "warn", message: "supervisor gone, stopping", why, pid: process.pid })}\n`);
  } catch {
    // nobody reads it any more
  }
  setTimeout(() => process.exit(1), HARD_EXIT_MS).unref();
  process.kill(process.pid, "SIGTERM");
}

function watch() {
  const expected = Number(process.env.STRANGLER_PARENT_PID);
  // Our own marker: what this process forks gets no stale value (it watches its own parent).
  delete process.env.STRANGLER_PARENT_PID;
  const parent = process.ppid;
  // Re-parented before this ran: the supervisor died between spawning us and now.
  if (Number.isInteger(expected) && expected > 0 && expected !== parent && !parentAlive(expected)) {
    parentGone(`parent ${expected} is gone`);
    return;
  }
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    parentGone(`parent ${parent} is gone (now ${process.ppid})`);
  }, CHECK_MS);
  timer.unref();
}

if (isMainThread) watch();
