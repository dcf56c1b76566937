#!/usr/bin/env node
"use strict";
// `strangler <command>` (the package's bin): runs the compiled CLI, dist/cli/strangler.cjs (built by
// scripts/cli/build.js at `npm ci`). If a source changed since, it is compiled again first (esbuild,
// a fraction of a second, once); if it cannot be (no esbuild, a read-only install), the TypeScript
// runs through tsx as before, only slower to start.
const cli = require("./build.js");

function runTypeScript() {
  require("tsx/cjs/api").register();
  require("./main.ts");
}

if (cli.isCurrent()) require(cli.BUNDLE);
else {
  cli.build().then(
    () => require(cli.BUNDLE),
    () => runTypeScript(),
  );
}
