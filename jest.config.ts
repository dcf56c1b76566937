/** @jest-config-loader esbuild-register */
import type { Config } from "jest";

// swc compiles TypeScript ~2x faster than ts-jest; type-checking is `npm run typecheck`.
const transform: Config["transform"] = {
  "^.+\\.ts$": [
    "@swc/jest",
    {
      jsc: {
        target: "es2022",
        parser: { syntax: "typescript", decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      },
      module: { type: "commonjs" },
    },
  ],
};

const ignored = ["/node_modules/", "/dist/", "/.strangler/"];

const project = (displayName: string, testMatch: string[], extra: Partial<Config> = {}): Config => ({
  displayName,
  testEnvironment: "node",
  transform,
  testMatch,
  testPathIgnorePatterns: ignored,
  ...extra,
});

/**
 * The fault suite (docs/faults.md) takes minutes of SIGKILLs under load: it is a project only when
 * asked for by name (`npm run test:faults` = `jest --selectProjects faults`, or a path under
 * faults/), never in a plain `jest` or `npm test`.
 */
const faultsAsked = process.argv.some((arg) => arg === "faults" || /(^|\/)faults(\/|$)|\.faults\.test/.test(arg));

const config: Config = {
  // Two test files at a time on the 2-core machines CI runs on (jest's default is cores - 1 = one):
  // most int and e2e time is spent waiting on spawned servers and databases, not on the CPU.
  maxWorkers: 2,
  projects: [
    project("unit", ["<rootDir>/**/*.test.ts"], {
      testPathIgnorePatterns: [...ignored, "\\.int\\.test\\.ts$", "\\.e2e\\.test\\.ts$", "\\.faults\\.test\\.ts$"],
    }),
    // Int and e2e tests start servers, databases and processes: on a busy 2-core machine a setup can
    // take far longer than jest's 5 s default, so their default is generous (tests wait on conditions).
    // Set by a setup file: Jest 30 ignores `testTimeout` in a project's config (it read 5 s here).
    project("int", ["<rootDir>/**/*.int.test.ts"], { setupFilesAfterEnv: ["<rootDir>/testing/jest/int-timeout.ts"] }),
    project("e2e", ["<rootDir>/e2e/**/*.e2e.test.ts"], { setupFilesAfterEnv: ["<rootDir>/testing/jest/e2e-timeout.ts"] }),
    ...(faultsAsked ? [project("faults", ["<rootDir>/faults/**/*.faults.test.ts"])] : []),
  ],
};

export default config;
