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

const config: Config = {
  projects: [
    project("unit", ["<rootDir>/**/*.test.ts"], {
      testPathIgnorePatterns: [...ignored, "\\.int\\.test\\.ts$", "\\.e2e\\.test\\.ts$"],
    }),
    project("int", ["<rootDir>/**/*.int.test.ts"]),
    project("e2e", ["<rootDir>/e2e/**/*.e2e.test.ts"]),
  ],
};

export default config;
