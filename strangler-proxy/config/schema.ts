import { z } from "zod";

/** The stages a route moves through; each is reversible with one flag change. */
export const STAGES = ["monolith", "shadow", "canary", "service"] as const;
export type StageName = (typeof STAGES)[number];

export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

const name = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "use lowercase letters, digits and dashes (e.g. catalog-reads)");

const upstreamSchema = z
  .object({
    name: name.describe("Name routes refer to, e.g. `monolith` or `catalog`."),
    url: z.url({ protocol: /^https?$/ }).describe("Base URL; the request path is appended to it."),
    healthPath: z.string().regex(/^\//, "start the path with /").default("/healthz").describe("Path answered 2xx when the upstream is healthy."),
    default: z.boolean().default(false).describe("Takes every request no route matches (exactly one upstream)."),
    timeoutMs: z.number().int().positive().default(30_000).describe("Time for the upstream to answer before 504."),
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
    stage: z.enum(STAGES).default("monolith").describe("Stage seeded into the embedded flag store when it has no flag yet."),
    percent: z.number().int().min(0).max(100).optional().describe("Canary percentage (required with stage canary)."),
  })
  .strict()
  .superRefine((route, ctx) => {
    if (route.stage === "canary" && route.percent === undefined) {
      ctx.addIssue({ code: "custom", path: ["percent"], message: "stage canary needs a percent between 1 and 99" });
    }
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

/** The route table file (`strangler.config.json` or `.yaml`). */
export const proxyFileSchema = z
  .object({
    $schema: z.string().optional(),
    upstreams: z.array(upstreamSchema).min(1),
    routes: z.array(routeSchema).default([]),
    stickiness: stickinessSchema.default({ sessionCookie: "sid" }),
    flags: flagsSchema.default({ mode: "auto", refreshIntervalMs: 1000, readyTimeoutMs: 5000, requestTimeoutMs: 10_000 }),
    limits: limitsSchema.default({ maxPathBytes: 8192 }),
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
  });

export type ProxyFileConfig = z.output<typeof proxyFileSchema>;
export type UpstreamConfig = ProxyFileConfig["upstreams"][number];
export type RouteConfig = ProxyFileConfig["routes"][number];
export type StickinessConfig = ProxyFileConfig["stickiness"];
export type FlagsConfig = ProxyFileConfig["flags"];

/** Hints appended to validation messages, by field. */
export const CONFIG_FIXES: Record<string, string> = {
  upstreams: 'List the upstreams, e.g. [{ "name": "monolith", "url": "http://127.0.0.1:3001", "default": true }].',
};
