/**
 * Import rules from ARCHITECTURE.md ("Who may import whom"), one named rule each.
 * Run with `npm run lint:deps` (part of `npm test`).
 */
const TEST_FILE = "\\.(int\\.|e2e\\.)?test\\.ts$";
const PRODUCTION = "^(contracts|platform|cdc|service-kit|strangler-proxy|monolith|extracted|migrations)/";

module.exports = {
  forbidden: [
    {
      name: "contracts-are-a-leaf",
      comment: "contracts/ holds types and schemas only: it imports nothing of ours.",
      severity: "error",
      from: { path: "^contracts/" },
      to: { path: "^(platform|cdc|service-kit|strangler-proxy|monolith|extracted|migrations|scripts|testing|e2e)/" },
    },
    {
      name: "platform-is-generic",
      comment: "platform/ is shared plumbing: it knows no deployable and no library of ours but contracts.",
      severity: "error",
      from: { path: "^platform/" },
      to: { path: "^(cdc|service-kit|strangler-proxy|monolith|extracted|migrations|scripts|testing|e2e)/" },
    },
    {
      name: "monolith-never-imports-services",
      comment: "The monolith does not know the services extracted from it.",
      severity: "error",
      from: { path: "^monolith/" },
      to: { path: "^(extracted|service-kit|strangler-proxy)/" },
    },
    {
      name: "service-never-imports-monolith-or-proxy",
      comment: "An extracted service shares only contracts/ and the cdc public face with the rest.",
      severity: "error",
      from: { path: "^extracted/" },
      to: { path: "^(monolith|strangler-proxy)/" },
    },
    {
      name: "service-never-imports-another-service",
      comment: "extracted/X never imports extracted/Y.",
      severity: "error",
      from: { path: "^extracted/([^/]+)/" },
      to: { path: "^extracted/", pathNot: "^extracted/$1/" },
    },
    {
      name: "services-use-cdc-public-face",
      comment: "Services, the service kit and the monolith use the cdc library only through cdc/index.ts.",
      severity: "error",
      from: { path: "^(extracted|service-kit|monolith)/" },
      to: { path: "^cdc/", pathNot: "^cdc/index\\.ts$" },
    },
    {
      name: "service-kit-is-generic",
      comment: "service-kit/ is what every extracted service shares: it knows no service, nor the monolith or the proxy (its tests may run it against the sample shop through testing/).",
      severity: "error",
      from: { path: "^service-kit/", pathNot: TEST_FILE },
      to: { path: "^(extracted|monolith|strangler-proxy|migrations|scripts|testing|e2e)/" },
    },
    {
      name: "services-use-the-kit-public-face",
      comment: "Services use the service kit only through service-kit/index.ts.",
      severity: "error",
      from: { path: "^extracted/" },
      to: { path: "^service-kit/", pathNot: "^service-kit/index\\.ts$" },
    },
    {
      name: "proxy-knows-upstreams-only-by-url",
      comment: "strangler-proxy/ imports neither the monolith nor any service; of the migrations only its own stores' (flags, proxy).",
      severity: "error",
      from: { path: "^strangler-proxy/" },
      to: { path: "^(monolith|extracted|migrations)/", pathNot: "^migrations/(flags|proxy)/" },
    },
    {
      name: "migrations-import-only-typeorm",
      comment:
        "Old migrations must keep their meaning: they import typeorm and, for change capture, only the frozen versioned trigger SQL of cdc/sqlite.",
      severity: "error",
      from: { path: "^migrations/" },
      to: { path: "^(contracts|platform|cdc|service-kit|strangler-proxy|monolith|extracted|scripts|testing|e2e)/", pathNot: "^cdc/(sqlite|postgres)/" },
    },
    {
      name: "production-never-imports-test-code",
      comment: "Production code never imports testing/, e2e/ or scripts/.",
      severity: "error",
      from: { path: PRODUCTION, pathNot: TEST_FILE },
      to: { path: "^(testing|e2e|scripts)/" },
    },
    {
      name: "only-cdc-nats-imports-nats-client",
      comment: "cdc/nats/ is the only importer of @nats-io/*.",
      severity: "error",
      from: { pathNot: "^cdc/nats/" },
      to: { path: "node_modules/@nats-io/" },
    },
    {
      name: "only-flag-source-imports-unleash-client",
      comment: "strangler-proxy/flags/unleash-flag-source.ts is the only importer of unleash-client.",
      severity: "error",
      from: { pathNot: "^strangler-proxy/flags/unleash-flag-source\\.ts$" },
      to: { path: "node_modules/unleash-client/" },
    },
    {
      name: "no-circular",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "not-to-unresolvable",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|dist|\\.strangler|\\.ci)/|^\\.dependency-cruiser\\.cjs$" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"] },
  },
};
