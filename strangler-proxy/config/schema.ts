import { z } from "zod";
import { compilePathPattern } from "../diff/json-path";
import { writeGroupIssues, writeRouteIssues } from "./write-route-rules";

/** The stages a route moves through; each is reversible with one flag change. */
export const STAGES = ["monolith", "shadow", "canary", "service"] as const;
export type StageName = (typeof STAGES)[number];

export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

const name = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "use lowercase letters, digits and dashes (e.g. catalog-reads)");

const breakerSchema = z
  .object({
    failureThreshold: z.number().int().min(1).default(5).describe("Consecutive failures (no answer, or 502/503/504) that open the breaker."),
    coolDownMs: z.number().int().min(10).default(10_000).describe("How long an open breaker skips the service before probing its health path."),
  })
  .strict();

const shadowSchema = z
  .object({
    percent: z.number().min(0).max(100).default(100).describe("Share of eligible requests mirrored to the service."),
    timeoutMs: z.number().int().positive().default(5000).describe("Time for the shadow copy to answer; then it counts as errored."),
    maxConcurrent: z.number().int().min(1).default(16).describe("Shadow copies in flight per route; above it a copy is skipped (counted)."),
    maxBodyBytes: z.number().int().min(0).default(1_048_576).describe("Request or response bodies larger than this are not mirrored/compared (counted as skipped)."),
    mirrorWrites: z.boolean().default(false).describe("Also mirror POST, PUT, PATCH and DELETE (only for services that write to their own store)."),
    duringCanary: z.boolean().default(true).describe("In canary, mirror the requests that stay on the monolith."),
  })
  .strict();

const jsonPathPattern = (example: string) =>
  z
    .string()
    .regex(/^\$/, `a JSON path starts with $, e.g. ${example}`)
    .refine((pattern) => {
      try {
        compilePathPattern(pattern);
        return true;
      } catch {
        return false;
      }
    }, "use $, .name, [\"odd key\"], [3], [*], .* and ..name (e.g. $.items[*].updatedAt)");

const diffSchema = z
  .object({
    headers: z
      .union([z.literal("*"), z.array(z.string().toLowerCase())])
      .default(["content-type", "location", "cache-control", "content-language", "content-disposition"])
      .describe('Response headers compared ("*" = all); the ignored ones are removed afterwards.'),
    ignoreHeaders: z.array(z.string().toLowerCase()).default([]).describe("Headers never compared, on top of the built-in list (date, etag, x-request-id, …)."),
    ignorePaths: z.array(jsonPathPattern("$.items[*].updatedAt")).default([]).describe("JSON paths removed from both bodies before comparing."),
    numericTolerance: z.number().min(0).default(0).describe("Numbers differing by at most this much are equal."),
    unorderedArrays: z
      .array(jsonPathPattern("$.items"))
      .default([])
      .describe('JSON paths of arrays compared without order ("$..*" = every array).'),
    noiseBaseline: z.boolean().default(false).describe("Send a second copy to the monolith; fields where it disagrees with itself are noise (GET/HEAD/OPTIONS only)."),
  })
  .strict();

const fallbackSchema = z
  .object({
    enabled: z.boolean().default(true).describe("Retry on the monolith when the service fails before answering (idempotent requests; writes only with Idempotency-Key when nothing was sent)."),
    maxBodyBytes: z.number().int().min(0).default(1_048_576).describe("Write bodies up to this size are kept so a write with Idempotency-Key can be replayed."),
  })
  .strict();

const upstreamSchema = z
  .object({
    name: name.describe("Name routes refer to, e.g. `monolith` or `catalog`."),
    url: z.url({ protocol: /^https?$/ }).describe("Base URL; the request path is appended to it."),
    healthPath: z.string().regex(/^\//, "start the path with /").default("/healthz").describe("Path answered 2xx when the upstream is healthy."),
    default: z.boolean().default(false).describe("Takes every request no route matches (exactly one upstream)."),
    timeoutMs: z.number().int().positive().default(30_000).describe("Time for the upstream to answer before 504."),
    breaker: breakerSchema.prefault({}).describe("Circuit breaker of this upstream (services only; the default upstream is never skipped)."),
    syncStatusPath: z
      .string()
      .regex(/^\//, "start the path with /")
      .optional()
      .describe("Path of the service's sync status (`/internal/sync/status`); the promotion gate reads its lag. Absent: the lag gate does not apply."),
  })
  .strict();

const conditionValues = z
  .record(z.string(), z.string())
  .describe('Name → exact value; the value "*" only requires the name to be present.');

const routeSchema = z
  .object({
    id: name.describe("Stable id; the flag is named strangler.route.<id>."),
    methods: z.array(z.enum(HTTP_METHODS)).min(1).optional().describe("HTTP methods; absent = every method."),
    paths: z
      .array(
        z
          .string()
          .regex(/^\/[^?#]*$/, "a path template starts with / and has no query (e.g. /products/:id)")
          .refine((p) => !p.slice(0, -1).includes("*"), "`*` is allowed only as the last segment"),
      )
      .min(1)
      .describe("Templates: literal segments, `:param` (one segment), `*` last (one or more segments)."),
    when: z
      .object({ headers: conditionValues.optional(), query: conditionValues.optional(), cookies: conditionValues.optional() })
      .strict()
      .optional()
      .describe("Extra conditions; all must hold."),
    upstream: name.describe("The upstream that takes the route over (its service)."),
    group: name.optional().describe("Routes with the same group can be moved together."),
    writes: z
      .boolean()
      .default(false)
      .describe("This route writes tables that one side owns at a time: it belongs to a write group and moves only with `npx strangler cutover`"),
    stage: z.enum(STAGES).default("monolith").describe("Stage seeded into the embedded flag store when it has no flag yet."),
    percent: z.number().int().min(0).max(100).optional().describe("Canary percentage (required with stage canary)."),
    shadow: shadowSchema.prefault({}).describe("Mirroring to the service in the shadow and canary stages."),
    diff: diffSchema.prefault({}).describe("How the service's answer is compared with the monolith's."),
    fallback: fallbackSchema.prefault({}).describe("What happens when the service fails before answering."),
  })
  .strict()
  .superRefine((route, ctx) => {
    if (route.stage === "canary" && route.percent === undefined) {
      ctx.addIssue({ code: "custom", path: ["percent"], message: "stage canary needs a percent between 1 and 99" });
    }
    for (const issue of writeRouteIssues(route)) ctx.addIssue({ code: "custom", ...issue });
  });

const stickinessSchema = z
  .object({
    header: z.string().toLowerCase().optional().describe("Header carrying the user id (e.g. x-user-id)."),
    cookie: z.string().optional().describe("Cookie carrying the user id."),
    sessionCookie: z.string().default("sid").describe("Session cookie used when no user id is present."),
  })
  .strict();

const flagsSchema = z
  .object({
    mode: z
      .enum(["auto", "streaming", "polling"])
      .default("auto")
      .describe("auto: poll, and switch to streaming when the server offers it (the embedded store does; Unleash does not)."),
    refreshIntervalMs: z.number().int().min(100).default(1000).describe("Polling interval (polling mode)."),
    readyTimeoutMs: z.number().int().positive().default(5000).describe("How long to wait for flags at start before using defaults."),
    requestTimeoutMs: z
      .number()
      .int()
      .min(1000, "unleash-client needs at least 1000 (its minimum retry back-off)")
      .default(10_000)
      .describe("Timeout of one request to the flag source; unleash-client retries twice, waiting at most this long between tries."),
  })
  .strict();

const limitsSchema = z
  .object({
    maxPathBytes: z.number().int().min(256).default(8192).describe("Longer request targets get 414."),
  })
  .strict();

const gatesSchema = z
  .object({
    enforce: z
      .boolean()
      .default(false)
      .describe("Refuse stage moves that fail their gate (409 PROXY_ERR_GATE_REFUSED unless forced). Off: the gate is only reported. The shipped strangler.config.json turns it on."),
    minSamples: z.number().int().min(0).default(100).describe("Compared shadow requests needed before shadow → canary → service."),
    minMatchRate: z.number().min(0).max(1).default(0.99).describe("Share of compared requests that matched (errored count as not matched)."),
    maxSyncLagMs: z.number().min(0).default(5000).describe("Highest lagP99Ms the service's sync status may report."),
  })
  .strict();

const shadowStoreSchema = z
  .object({
    keepMismatchesPerRoute: z.number().int().min(1).default(200).describe("Mismatch records kept per route in proxy.sqlite (older ones are deleted)."),
    storedBodyBytes: z.number().int().min(64).default(4096).describe("Each stored response body is truncated to this size."),
    flushIntervalMs: z.number().int().min(10).default(250).describe("Records are written in batches at this interval."),
  })
  .strict();

/** The route table file (`strangler.config.json` or `.yaml`). */
export const proxyFileSchema = z
  .object({
    $schema: z.string().optional(),
    upstreams: z.array(upstreamSchema).min(1),
    routes: z.array(routeSchema).default([]),
    stickiness: stickinessSchema.default({ sessionCookie: "sid" }),
    flags: flagsSchema.default({ mode: "auto", refreshIntervalMs: 1000, readyTimeoutMs: 5000, requestTimeoutMs: 10_000 }),
    limits: limitsSchema.default({ maxPathBytes: 8192 }),
    gates: gatesSchema.prefault({}).describe("Promotion gates: when a route may move to the next stage."),
    shadowStore: shadowStoreSchema.prefault({}).describe("Retention of mismatch records in <STRANGLER_DATA_DIR>/proxy.sqlite."),
  })
  .strict()
  .superRefine((file, ctx) => {
    const defaults = file.upstreams.filter((u) => u.default);
    if (defaults.length !== 1) {
      ctx.addIssue({ code: "custom", path: ["upstreams"], message: `exactly one upstream needs "default": true (found ${defaults.length})` });
    }
    const upstreamNames = new Set<string>();
    file.upstreams.forEach((u, i) => {
      if (upstreamNames.has(u.name)) ctx.addIssue({ code: "custom", path: ["upstreams", i, "name"], message: `duplicate upstream name "${u.name}"` });
      upstreamNames.add(u.name);
    });
    const routeIds = new Set<string>();
    file.routes.forEach((r, i) => {
      if (routeIds.has(r.id)) ctx.addIssue({ code: "custom", path: ["routes", i, "id"], message: `duplicate route id "${r.id}"` });
      routeIds.add(r.id);
      if (!upstreamNames.has(r.upstream)) {
        ctx.addIssue({ code: "custom", path: ["routes", i, "upstream"], message: `unknown upstream "${r.upstream}"; known: ${[...upstreamNames].join(", ")}` });
      }
    });
    for (const issue of writeGroupIssues(file.routes)) ctx.addIssue({ code: "custom", ...issue });
  });

export type ProxyFileConfig = z.output<typeof proxyFileSchema>;
export type UpstreamConfig = ProxyFileConfig["upstreams"][number];
export type RouteConfig = ProxyFileConfig["routes"][number];
export type StickinessConfig = ProxyFileConfig["stickiness"];
export type FlagsConfig = ProxyFileConfig["flags"];
export type ShadowConfig = RouteConfig["shadow"];
export type DiffConfig = RouteConfig["diff"];
export type FallbackConfig = RouteConfig["fallback"];
export type BreakerConfig = UpstreamConfig["breaker"];
export type GatesConfig = ProxyFileConfig["gates"];
export type ShadowStoreConfig = ProxyFileConfig["shadowStore"];

/** Hints appended to validation messages, by field. */
export const CONFIG_FIXES: Record<string, string> = {
  upstreams: 'List the upstreams, e.g. [{ "name": "monolith", "url": "http://127.0.0.1:3001", "default": true }].',
};
