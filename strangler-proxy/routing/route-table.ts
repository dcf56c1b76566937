import type { EncodedSlashMode, ProxyFileConfig, RouteConfig } from "../config/schema";
import { cookieValue } from "./cookies";
import { decodedSlashSegments } from "./normalise-path";
import { compileTemplate, type PathTemplate } from "./path-template";
import type { RequestView } from "./request-view";

/** One route of the table, compiled for matching. */
export interface CompiledRoute {
  id: string;
  upstream: string;
  group?: string;
  /** Writes tables one side owns at a time: its group is a write group, moved only by `npx strangler cutover`. */
  writes: boolean;
  methods: ReadonlySet<string> | null;
  templates: readonly PathTemplate[];
  /** How this route reads `%2F` / `%5C` (its own `encodedSlashes`, else the table's). */
  encodedSlashes: EncodedSlashMode;
  config: Readonly<RouteConfig>;
  conditionsHold(request: RequestView): boolean;
}

/** The routes in file order plus the default upstream that takes unmatched requests. */
export interface RouteTable {
  routes: readonly CompiledRoute[];
  byId: ReadonlyMap<string, CompiledRoute>;
  groups: ReadonlyMap<string, readonly CompiledRoute[]>;
  /** The groups whose routes have `writes: true` (the schema makes every route of a group agree). */
  writeGroups: ReadonlySet<string>;
  defaultUpstream: string;
  /** The table's `encodedSlashes`: routes without their own, and requests no route matches. */
  encodedSlashes: EncodedSlashMode;
}

/** The outcome of looking a request up: its route (none = the default upstream), or a refusal. */
export interface RouteLookup {
  route?: CompiledRoute;
  /** Set when the request is refused (400) by an `encodedSlashes: "reject"` rule. */
  refusal?: string;
}

/** Whether `group` is a write group: its stage moves only through the cut-over, never by a stage flip. */
export function isWriteGroup(table: Pick<RouteTable, "writeGroups">, group: string): boolean {
  return table.writeGroups.has(group);
}

/** Compiles the routes of a validated config file. */
export function buildRouteTable(file: Readonly<ProxyFileConfig>): RouteTable {
  const routes = file.routes.map((route) => compileRoute(route, file.encodedSlashes));
  const groups = new Map<string, CompiledRoute[]>();
  for (const route of routes) {
    if (route.group) groups.set(route.group, [...(groups.get(route.group) ?? []), route]);
  }
  const writeGroups = new Set(routes.filter((route) => route.writes && route.group).map((route) => route.group as string));
  const defaultUpstream = file.upstreams.find((u) => u.default)?.name ?? file.upstreams[0].name;
  return { routes, byId: new Map(routes.map((r) => [r.id, r])), groups, writeGroups, defaultUpstream, encodedSlashes: file.encodedSlashes };
}

/** The first route (in file order) whose method, path template and conditions all accept the request. */
export function matchRoute(table: RouteTable, request: RequestView): CompiledRoute | undefined {
  return lookupRoute(table, request).route;
}

/**
 * Looks a request up: the first route (in file order) whose method, path template and conditions
 * accept it. Each route reads an encoded slash its own way: `keep` as data inside the segment,
 * `decode` as a separator, `reject` refuses a request that would match it with the slash read either
 * way. A request no route takes is refused when it has one and the table says `reject`.
 */
export function lookupRoute(table: RouteTable, request: RequestView): RouteLookup {
  // The segments with encoded slashes read as separators, computed once and only when a route asks.
  let decoded: readonly string[] | null | undefined;
  for (const route of table.routes) {
    if (route.methods && !route.methods.has(request.method)) continue;
    const mode = request.encodedSlash ? route.encodedSlashes : "keep";
    let matched: boolean;
    if (mode === "keep") matched = matchesAny(route, request.segments);
    else {
      if (decoded === undefined) decoded = decodedSlashSegments(request);
      matched = (mode === "reject" && matchesAny(route, request.segments)) || matchesAny(route, decoded);
    }
    if (!matched || !route.conditionsHold(request)) continue;
    if (mode === "reject") return { refusal: `encoded slash or backslash in the path of route ${route.id} (encodedSlashes: reject)` };
    return { route };
  }
  if (request.encodedSlash && table.encodedSlashes === "reject") return { refusal: "encoded slash or backslash in the path (encodedSlashes: reject)" };
  return {};
}

function matchesAny(route: CompiledRoute, segments: readonly string[] | null): boolean {
  if (!segments) return false;
  for (const template of route.templates) if (template.matches(segments)) return true;
  return false;
}

function compileRoute(config: Readonly<RouteConfig>, tableEncodedSlashes: EncodedSlashMode): CompiledRoute {
  const methods = config.methods ? new Set<string>(config.methods) : null;
  // An Express GET route also answers HEAD: the proxy must send HEAD the same way.
  if (methods?.has("GET")) methods.add("HEAD");
  const when = config.when;
  const checks: Array<(request: RequestView) => boolean> = [];
  for (const [name, expected] of Object.entries(when?.headers ?? {})) {
    const lower = name.toLowerCase();
    checks.push((request) => accepts(request.header(lower), expected));
  }
  for (const [name, expected] of Object.entries(when?.cookies ?? {})) {
    checks.push((request) => accepts(cookieValue(request.header("cookie"), name), expected));
  }
  for (const [name, expected] of Object.entries(when?.query ?? {})) {
    checks.push((request) => accepts(new URLSearchParams(request.query).get(name) ?? undefined, expected));
  }
  return {
    id: config.id,
    upstream: config.upstream,
    group: config.group,
    writes: config.writes,
    methods,
    templates: config.paths.map(compileTemplate),
    encodedSlashes: config.encodedSlashes ?? tableEncodedSlashes,
    config,
    conditionsHold: (request) => checks.every((check) => check(request)),
  };
}

function accepts(actual: string | undefined, expected: string): boolean {
  return actual !== undefined && (expected === "*" || actual === expected);
}
