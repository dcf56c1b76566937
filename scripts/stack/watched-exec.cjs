"use strict";
/*
 * `node --require scripts/stack/parent-watch.cjs scripts/stack/watched-exec.cjs <command> [args…]`:
 * runs a program that cannot watch its parent itself (nats-server) so that it still stops when the
 * supervisor is gone. The program's output is passed on to this process's stdout and stderr;
 * SIGTERM, SIGINT and SIGHUP are passed on (parent-watch sends SIGTERM here when the supervisor
 * dies); this process ends as the program ended: the same exit code, or the same signal.
 * Plain CommonJS without tsx, so it adds next to nothing to nats-server's start.
 */
const { spawn } = require("node:child_process");

const [command, ...args] = process.argv.slice(2);
if (!command) {
  process.stderr.write("usage: watched-exec.cjs <command> [args…]\n");
  process.exit(2);
}

// The program writes to pipes of ours, never straight to the supervisor's: when the supervisor is
// gone, its lines are dropped here instead of killing it with SIGPIPE in the middle of its shutdown.
const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
for (const [from, to] of [
  [child.stdout, process.stdout],
  [child.stderr, process.stderr],
]) {
  let open = true;
  to.on("error", () => (open = false));
  from.on("data", (chunk) => {
    if (open) to.write(chunk);
  });
}

const forwarded = ["SIGTERM", "SIGINT", "SIGHUP"];
for (const name of forwarded) {
  process.on(name, () => {
    try {
      child.kill(name);
    } catch {
      // gone already
    }
  });
}

child.once("error", (err) => {
  process.stderr.write(`${command} could not be started: ${err.message}\n`);
  process.exit(127);
});

child.once("close", (code, signal) => {
  if (signal) {
    // End the same way, so whoever started us sees the signal that ended the program.
    for (const name of forwarded) process.removeAllListeners(name);
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code === null ? 1 : code);
});
