#!/usr/bin/env node
// `npx strangler <command>`: runs the TypeScript CLI through tsx's require hook (no build step).
require("tsx/cjs/api").register();
require("./main.ts");
