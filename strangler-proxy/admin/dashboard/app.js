"use strict";
/*
 * The strangler proxy's operator page: plain browser script, no build step, no dependency.
 * Every value from the admin API reaches the page through textContent (or an SVG attribute the
 * script computes), never parsed as markup.
 * The pure helpers at the top are also exported for unit tests when loaded with require().
 */
(function () {
  /** Every admin API call the page makes: `:id` is a route id, `:service` a service with sync. */
  const API = Object.freeze({
    routes: { method: "GET", path: "/routes" },
    upstreams: { method: "GET", path: "/upstreams" },
    readyz: { method: "GET", path: "/readyz" },
    audit: { method: "GET", path: "/audit?limit=20" },
    groups: { method: "GET", path: "/groups" },
    traffic: { method: "GET", path: "/traffic" },
    sync: { method: "GET", path: "/sync" },
    parked: { method: "GET", path: "/sync/:service/parked" },
    replay: { method: "POST", path: "/sync/:service/parked/replay" },
    discard: { method: "POST", path: "/sync/:service/parked/discard" },
    gate: { method: "GET", path: "/routes/:id/gate" },
    shadowReport: { method: "GET", path: "/routes/:id/shadow-report?limit=1" },
    setStage: { method: "PUT", path: "/routes/:id/stage" },
    rollback: { method: "POST", path: "/routes/:id/rollback" },
  });

  const STAGES = ["monolith", "shadow", "canary", "service"];
  const SVG_NS = "http://www.w3.org/2000/svg";
  /** The traffic chart's box (SVG user units) and its plot area inside. */
  const CHART = Object.freeze({ width: 360, height: 96, left: 40, right: 354, top: 8, bottom: 74 });

  /** The path of an API call, with the route id or service name escaped into it. */
  function apiPath(endpoint, id) {
    return id === undefined ? endpoint.path : endpoint.path.replace(/:(id|service)\b/, encodeURIComponent(id));
  }

  /**
   * Routes with `writes: true` (in the route table) belong to a write group: they move only with
   * `npx strangler cutover` (fence, drain, verify, flip), never by a stage flip.
   */
  function isWriteRoute(route) {
    return Boolean(route) && route.writes === true;
  }

  /** What the page shows instead of stage buttons for a route of a write group. */
  function cutoverHint(group) {
    return "moves with: npx strangler cutover " + group + " --to service|monolith";
  }

  /** An age or a duration in ms as "850 ms", "12s", "3m 04s". */
  function ageText(ms) {
    if (typeof ms !== "number" || !Number.isFinite(ms)) return "–";
    if (ms < 1000) return Math.max(0, Math.round(ms)) + " ms";
    const seconds = Math.floor(ms / 1000);
    if (seconds < 60) return seconds + "s";
    return Math.floor(seconds / 60) + "m " + String(seconds % 60).padStart(2, "0") + "s";
  }

  /** A lag or latency: "–" when unknown (null: nothing applied yet), else "12 ms" / "1.5 s". */
  function msText(ms) {
    if (typeof ms !== "number" || !Number.isFinite(ms)) return "–";
    return ms < 1000 ? Math.round(ms) + " ms" : (Math.round(ms / 100) / 10).toString() + " s";
  }

  /** The read-your-writes cell: "off", "route-to-owner", or "wait ≤ 500 ms". */
  function readYourWritesText(option) {
    if (!option || option.mode === "off") return "off";
    return option.mode === "wait" ? "wait ≤ " + option.maxWaitMs + " ms" : option.mode;
  }

  /** The fence cell: "no", "fenced", or "fenced by <holder> (<reason>), <age>s" when the lease is known. */
  function fenceText(route) {
    if (!route || !route.fenced) return "no";
    const fence = route.fence;
    if (!fence || typeof fence.holder !== "string") return "fenced";
    const reason = fence.reason ? " (" + fence.reason + ")" : "";
    const age = typeof fence.ageMs === "number" ? ", " + Math.floor(fence.ageMs / 1000) + "s" : "";
    return "fenced by " + fence.holder + reason + age;
  }

  /** A cut-over lease as a service reports it: "monolith → service by cutover:x, 4s old, at "drain"". */
  function leaseText(lease, now) {
    if (!lease) return "none";
    const move = lease.from === lease.to ? "settling " + lease.to : lease.from + " → " + lease.to;
    const age = ageText((now === undefined ? Date.now() : now) - Date.parse(lease.startedAt));
    const step = lease.step ? ', at "' + lease.step + '"' : "";
    return move + " by " + lease.holder + ", " + age + " old" + step + (lease.expired ? ", EXPIRED (the keeper settles it)" : "");
  }

  /** The body of `PUT /routes/:id/stage` from the form's values. */
  function stageBody(stage, percent, reason, force) {
    const body = { stage: stage };
    if (stage === "canary") body.percent = Number(percent);
    const trimmed = typeof reason === "string" ? reason.trim() : "";
    if (trimmed) body.reason = trimmed;
    if (force) body.force = true;
    return body;
  }

  /** A stage as one text: "canary 40%", "service". */
  function stageText(stage, percent) {
    return stage === "canary" ? "canary " + percent + "%" : String(stage);
  }

  /** Only routes that mirror traffic have a shadow report worth fetching every refresh. */
  function needsShadowReport(route) {
    return route.stage === "shadow" || route.stage === "canary";
  }

  /** "99.5% of 200 samples", or why there is no rate. */
  function matchRateText(report) {
    if (!report || typeof report.samples !== "number") return "–";
    if (report.samples === 0 || report.matchRate === null || report.matchRate === undefined) return "no samples yet";
    return (Math.floor(report.matchRate * 1000) / 10).toString() + "% of " + report.samples + " samples";
  }

  /** A refused call as the API said it: "409 PROXY_ERR_GATE_REFUSED: <message>". */
  function refusalText(status, data) {
    const error = data && data.error;
    if (error && typeof error.code === "string") return status + " " + error.code + ": " + String(error.message);
    return "HTTP " + status;
  }

  /** A gate answer in a few words: "allowed → shadow (not gated)", "blocked → canary 10%", "at service". */
  function gateVerdictText(gate) {
    if (!gate || !gate.next) return gate && gate.stage && gate.stage.stage === "service" ? "at service: nothing to gate" : "no next stage";
    const target = "→ " + stageText(gate.next.stage, gate.next.percent);
    const gated = Array.isArray(gate.checks) && gate.checks.some((check) => check.applicable);
    if (gate.allowed) return "allowed " + target + (gated ? "" : " (not gated)");
    return "blocked " + target;
  }

  /** The failed checks of a gate answer ("samples: 3 compared …"), or its reasons when it has no checks. */
  function failedChecks(gate) {
    if (!gate) return [];
    const checks = Array.isArray(gate.checks) ? gate.checks : [];
    const failed = checks.filter((check) => check.applicable && !check.passed).map((check) => check.name + ": " + check.detail);
    if (failed.length || gate.allowed) return failed;
    return Array.isArray(gate.reasons) ? gate.reasons.map(String) : [];
  }

  /** "monolith → catalog": the way a stream carries changes (from `GET /sync`). */
  function directionText(stream) {
    return stream && stream.from && stream.to ? stream.from + " → " + stream.to : "–";
  }

  /** Identifies a parked change across refreshes. */
  function parkedKey(service, change) {
    return [service, change.source, change.position, change.table, change.key].join("\u0000");
  }

  /** The body of a discard from a listed change and the typed reason; null without a reason. */
  function discardBody(change, reason) {
    const trimmed = typeof reason === "string" ? reason.trim() : "";
    if (!trimmed) return null;
    const body = { key: String(change.key), reason: trimmed };
    if (change.table) body.table = String(change.table);
    if (change.source) body.source = String(change.source);
    return body;
  }

  /**
   * Write groups to show: every group with `writes` from `GET /groups` (the proxy's fence), joined by
   * name with the ownership each service reports in `GET /sync` (owner, epoch, database fences, lease).
   */
  function writeGroupRows(groups, syncServices) {
    const owned = new Map();
    for (const entry of syncServices || []) {
      if (!entry || !entry.ok) continue;
      for (const ownership of entry.ownership || []) owned.set(ownership.group, Object.assign({ service: entry.service }, ownership));
    }
    const rows = (groups || []).filter((group) => group.writes).map((group) => ({ group: group.group, proxy: group, ownership: owned.get(group.group) || null }));
    for (const [name, ownership] of owned) if (!rows.some((row) => row.group === name)) rows.push({ group: name, proxy: null, ownership: ownership });
    return rows;
  }

  /** The SVG path of one series: a line over the plot area, oldest bucket left; `max` sets the scale. */
  function seriesPath(values, max, box) {
    const b = box || CHART;
    const n = values.length;
    if (n === 0) return "";
    const step = n > 1 ? (b.right - b.left) / (n - 1) : 0;
    const scale = max > 0 ? (b.bottom - b.top) / max : 0;
    const round = (v) => Math.round(v * 10) / 10;
    return values.map((v, i) => (i === 0 ? "M" : "L") + round(b.left + i * step) + " " + round(b.bottom - (Number(v) || 0) * scale)).join(" ");
  }

  /** What the chart of one route draws: both lines on one scale, and the totals for its caption. */
  function chartOf(series) {
    const monolith = (series && series.monolith) || [];
    const service = (series && series.service) || [];
    const max = Math.max(0, ...monolith, ...service);
    const sum = (values) => values.reduce((total, v) => total + (Number(v) || 0), 0);
    return { max: max, total: { monolith: sum(monolith), service: sum(service) }, monolith: seriesPath(monolith, max), service: seriesPath(service, max) };
  }

  const pure = {
    API, STAGES, CHART, apiPath, isWriteRoute, cutoverHint, ageText, msText, fenceText, readYourWritesText, leaseText, stageBody, stageText, needsShadowReport,
    matchRateText, refusalText, gateVerdictText, failedChecks, directionText, parkedKey, discardBody, writeGroupRows, seriesPath, chartOf,
  };
  if (typeof module === "object" && module && module.exports) module.exports = pure;
  if (typeof document === "undefined") return;

  // ---- browser only below ----

  const TOKEN_KEY = "strangler.adminToken";
  const REFRESH_MS = 2000;
  let token = sessionStorage.getItem(TOKEN_KEY) || "";
  let timer = undefined;
  let generation = 0;
  let rowsKey = "";
  const rows = new Map();
  let parkedRowsKey = "";
  const parkedRows = new Map();
  let parkedSeq = 0;

  const byId = (id) => document.getElementById(id);

  /** Creates an element; `text` goes in as textContent, other keys as properties (aria-, data- and a few as attributes). */
  function el(tag, props, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (key === "text") node.textContent = value === null || value === undefined ? "" : String(value);
      else if (key.startsWith("aria-") || key.startsWith("data-") || key === "role" || key === "for" || key === "scope") node.setAttribute(key, String(value));
      else node[key] = value;
    }
    for (const child of children || []) node.append(child);
    return node;
  }

  /** Creates an SVG element with attributes; `text` goes in as textContent. */
  function svg(tag, attributes, children) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [key, value] of Object.entries(attributes || {})) {
      if (key === "text") node.textContent = String(value);
      else node.setAttribute(key, String(value));
    }
    for (const child of children || []) node.append(child);
    return node;
  }

  async function call(endpoint, id, body) {
    // x-actor: the audit (and the proxy's log for replays and discards) shows the action came from the dashboard.
    const headers = { authorization: "Bearer " + token, "x-actor": "dashboard" };
    if (body !== undefined) headers["content-type"] = "application/json";
    const res = await fetch(apiPath(endpoint, id), {
      method: endpoint.method,
      headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
      credentials: "omit",
    });
    let data = null;
    try {
      data = await res.json();
    } catch (_) {
      data = null;
    }
    return { ok: res.ok, status: res.status, data: data };
  }

  function setStatus(text, bad) {
    const status = byId("status");
    if (status.textContent !== text) status.textContent = text;
    status.className = bad ? "bad" : "";
  }

  function table(headers, bodyRows, caption) {
    const head = el("tr", {}, headers.map((h) => el("th", { scope: "col", text: h })));
    return el("table", {}, [el("caption", { className: "hint", text: caption }), el("thead", {}, [head]), el("tbody", {}, bodyRows)]);
  }

  function showMessage(node, text, bad, fields) {
    node.replaceChildren(el("span", { className: bad ? "bad" : "ok", text: text }));
    if (Array.isArray(fields) && fields.length) {
      node.append(el("ul", {}, fields.map((f) => el("li", { text: String(f.field) + ": " + String(f.message) }))));
    }
  }

  function list(items, empty) {
    if (!items.length) return el("span", { text: empty });
    return el("ul", { className: "plain" }, items.map((item) => el("li", { text: item })));
  }

  // ---- routes ----

  function stageForm(route, index, message, refreshSoon) {
    const base = "route-" + index;
    const select = el("select", { id: base + "-stage", name: "stage" }, STAGES.map((s) => el("option", { value: s, text: s })));
    select.value = route.stage;
    const percent = el("input", { id: base + "-percent", name: "percent", type: "number", min: 0, max: 100, step: 1, required: true });
    percent.value = route.stage === "canary" ? String(route.percent) : "10";
    const reason = el("input", { id: base + "-reason", name: "reason", type: "text", maxLength: 1000, placeholder: "why (audited)" });
    const force = el("input", { id: base + "-force", name: "force", type: "checkbox" });
    const apply = el("button", { type: "submit", text: "Set stage" });
    const rollback = el("button", { type: "button", text: "Roll back to monolith" });
    const syncPercent = () => {
      percent.disabled = select.value !== "canary";
    };
    select.addEventListener("change", syncPercent);
    syncPercent();

    const form = el("form", { className: "stage-form", "aria-label": "Move route " + route.id }, [
      el("label", { for: select.id, text: "Stage" }), select,
      el("label", { for: percent.id, text: "Percent" }), percent,
      el("label", { for: reason.id, text: "Reason" }), reason,
      el("span", {}, [force, el("label", { for: force.id, text: " force past the gate" })]),
      apply, rollback,
    ]);

    const run = async (endpoint, body, done) => {
      apply.disabled = rollback.disabled = true;
      showMessage(message, "working…", false);
      try {
        const res = await call(endpoint, route.id, body);
        if (res.ok) {
          const moved = res.data || {};
          showMessage(message, "moved: " + stageText(moved.from && moved.from.stage, moved.from && moved.from.percent) + " → " + stageText(moved.to && moved.to.stage, moved.to && moved.to.percent), false);
          done(moved);
        } else {
          showMessage(message, refusalText(res.status, res.data), true, res.data && res.data.error && res.data.error.fields);
        }
      } catch (err) {
        showMessage(message, "Cannot reach the admin API: " + (err && err.message), true);
      } finally {
        apply.disabled = rollback.disabled = false;
        refreshSoon();
      }
    };

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (select.value === "canary" && !percent.checkValidity()) {
        showMessage(message, "percent must be a whole number from 0 to 100", true);
        percent.focus();
        return;
      }
      run(API.setStage, stageBody(select.value, percent.value, reason.value, force.checked), () => {
        force.checked = false;
        reason.value = "";
      });
    });
    rollback.addEventListener("click", () => {
      const why = reason.value.trim();
      run(API.rollback, why ? { reason: why } : {}, () => {
        select.value = "monolith";
        syncPercent();
        reason.value = "";
      });
    });
    return form;
  }

  function createRow(route, index, refreshSoon) {
    const cells = {};
    const tr = el("tr", { "data-route": route.id });
    cells.id = el("th", { scope: "row", text: route.id });
    tr.append(cells.id);
    for (const key of ["group", "methods", "paths", "stage", "requests", "shadow", "breaker", "fenced", "ryw"]) {
      cells[key] = el("td", { className: "cell-" + key });
      tr.append(cells[key]);
    }
    const message = el("div", { className: "message", role: "status", "aria-live": "polite" });
    const actions = el("td");
    if (isWriteRoute(route)) actions.append(el("p", { className: "readonly", text: cutoverHint(route.group) }));
    else actions.append(stageForm(route, index, message, refreshSoon));
    actions.append(message);
    tr.append(actions);
    return { tr: tr, cells: cells };
  }

  function updateRow(view, route) {
    const c = view.cells;
    c.group.textContent = route.group === null || route.group === undefined ? "–" : route.group;
    c.methods.textContent = Array.isArray(route.methods) ? route.methods.join(", ") : "any";
    c.paths.textContent = Array.isArray(route.paths) ? route.paths.join(" ") : "";
    c.stage.replaceChildren(el("span", { className: "stage", text: stageText(route.stage, route.percent) }));
    if (isWriteRoute(route)) c.stage.append(el("span", { className: "readonly", text: " (read-only here)" }));
    const requests = route.requests || {};
    c.requests.textContent = "monolith " + (requests.monolith ?? 0) + " / service " + (requests.service ?? 0);
    if (!needsShadowReport(route)) c.shadow.textContent = "–";
    c.breaker.textContent = route.breaker ?? "–";
    c.fenced.replaceChildren(el("span", { className: route.fenced ? "bad" : "", text: fenceText(route) }));
    c.ryw.textContent = readYourWritesText(route.readYourWrites);
  }

  function renderRoutes(routes, refreshSoon) {
    const key = routes.map((r) => r.id).join("\n");
    if (key !== rowsKey) {
      rows.clear();
      const bodyRows = routes.map((route, index) => {
        const view = createRow(route, index, refreshSoon);
        rows.set(route.id, view);
        return view.tr;
      });
      const headers = ["Route", "Group", "Methods", "Paths", "Stage", "Requests", "Shadow match", "Breaker", "Fence", "Read-your-writes", "Actions"];
      byId("routes").replaceChildren(routes.length ? table(headers, bodyRows, "Every route of the route table") : el("p", { text: "The route table has no routes." }));
      rowsKey = key;
    }
    for (const route of routes) updateRow(rows.get(route.id), route);
  }

  function renderShadow(routeId, res) {
    const view = rows.get(routeId);
    if (!view) return;
    view.cells.shadow.textContent = res.ok ? matchRateText(res.data) : refusalText(res.status, res.data);
  }

  // ---- traffic charts ----

  function chartFigure(routeId, series, window) {
    const chart = chartOf(series);
    const title = routeId + ": requests per " + Math.round(window.bucketMs / 1000) + " s, monolith " + chart.total.monolith + ", service " + chart.total.service;
    const minutes = Math.round((window.bucketMs * window.buckets) / 60000);
    const picture = svg("svg", { viewBox: "0 0 " + CHART.width + " " + CHART.height, role: "img", "aria-label": title, class: "chart" }, [
      svg("title", { text: title }),
      svg("line", { x1: CHART.left, y1: CHART.bottom, x2: CHART.right, y2: CHART.bottom, class: "axis" }),
      svg("line", { x1: CHART.left, y1: CHART.top, x2: CHART.right, y2: CHART.top, class: "grid" }),
      ...(chart.max > 0 ? [svg("text", { x: CHART.left - 4, y: CHART.top + 4, class: "tick end", text: String(chart.max) })] : []),
      svg("text", { x: CHART.left - 4, y: CHART.bottom + 3, class: "tick end", text: "0" }),
      svg("text", { x: CHART.left, y: CHART.height - 6, class: "tick", text: "−" + minutes + " min" }),
      svg("text", { x: CHART.right, y: CHART.height - 6, class: "tick end", text: "now" }),
      svg("path", { d: chart.monolith, class: "series series-monolith" }),
      svg("path", { d: chart.service, class: "series series-service" }),
    ]);
    const caption = el("figcaption", {}, [
      el("strong", { text: routeId }),
      el("span", { className: "legend legend-monolith", text: "monolith " + chart.total.monolith }),
      el("span", { className: "legend legend-service", text: "service " + chart.total.service }),
    ]);
    return el("figure", { className: "traffic", "data-route": routeId }, [caption, picture]);
  }

  function renderTraffic(traffic) {
    if (!traffic.ok || !traffic.data || !Array.isArray(traffic.data.routes)) {
      byId("traffic").replaceChildren(el("p", { className: "bad", text: refusalText(traffic.status, traffic.data) }));
      return;
    }
    const window = traffic.data;
    if (!window.routes.length) {
      byId("traffic").replaceChildren(el("p", { text: "The route table has no routes." }));
      return;
    }
    byId("traffic").replaceChildren(el("div", { className: "charts" }, window.routes.map((route) => chartFigure(route.routeId, route, window))));
  }

  // ---- promotion gates ----

  function renderGates(readRoutes, answers) {
    if (!readRoutes.length) {
      byId("gates").replaceChildren(el("p", { text: "No read route (every route belongs to a write group)." }));
      return;
    }
    const bodyRows = readRoutes.map((route, i) => {
      const res = answers[i];
      if (!res.ok) {
        return el("tr", { "data-route": route.id }, [el("th", { scope: "row", text: route.id }), el("td", { text: stageText(route.stage, route.percent) }), el("td", { colSpan: 2, className: "bad", text: refusalText(res.status, res.data) })]);
      }
      const gate = res.data;
      const verdict = gateVerdictText(gate);
      return el("tr", { "data-route": route.id }, [
        el("th", { scope: "row", text: route.id }),
        el("td", { text: stageText(route.stage, route.percent) }),
        el("td", {}, [el("span", { className: gate.allowed ? "ok" : gate.next ? "bad" : "", text: verdict })]),
        el("td", {}, [list(failedChecks(gate), gate.next ? "none" : "–")]),
      ]);
    });
    byId("gates").replaceChildren(table(["Route", "Stage", "Next move", "Failed checks"], bodyRows, "GET /routes/:id/gate per read route: would the next move pass its promotion gate now"));
  }

  // ---- sync ----

  function renderSync(sync, parkedAnswers, refreshSoon) {
    if (!sync.ok || !sync.data || !Array.isArray(sync.data.services)) {
      byId("sync-streams").replaceChildren(el("p", { className: "bad", text: "GET /sync: " + refusalText(sync.status, sync.data) }));
      return;
    }
    const services = sync.data.services;
    if (!services.length) {
      byId("sync-streams").replaceChildren(el("p", { text: "No upstream of the route table has a syncStatusPath." }));
      byId("sync-parked").replaceChildren();
      parkedRows.clear();
      parkedRowsKey = "";
      return;
    }
    const streamRows = [];
    for (const entry of services) {
      if (!entry.ok) {
        streamRows.push(el("tr", { "data-service": entry.service }, [el("th", { scope: "row", text: entry.service }), el("td", { colSpan: 9, className: "bad", text: "unreachable: " + (entry.error ? entry.error.code + ": " + entry.error.message : "no answer") })]));
        continue;
      }
      if (!entry.streams.length) {
        streamRows.push(el("tr", { "data-service": entry.service }, [el("th", { scope: "row", text: entry.service }), el("td", { colSpan: 9, text: "no stream: sync is off in this service (NATS_URL unset)" })]));
        continue;
      }
      for (const stream of entry.streams) {
        streamRows.push(
          el("tr", { "data-service": entry.service, "data-stream": stream.stream }, [
            el("th", { scope: "row", text: entry.service }),
            el("td", { text: stream.stream }),
            el("td", { text: directionText(stream) }),
            el("td", {}, [el("span", { className: stream.running ? "ok" : "bad", text: stream.running ? "running" : "stopped" })]),
            el("td", { text: msText(stream.lagP50Ms) }),
            el("td", { text: msText(stream.lagP99Ms) }),
            el("td", { text: stream.backlog }),
            el("td", { text: msText(stream.heartbeatLagMs) }),
            el("td", { text: stream.lastAppliedPosition }),
            el("td", {}, [el("span", { className: stream.parked > 0 ? "bad" : "", text: stream.parked })]),
          ]),
        );
      }
    }
    byId("sync-streams").replaceChildren(
      table(["Service", "Stream", "Direction", "State", "Lag p50", "Lag p99", "Backlog", "Heartbeat lag", "Applied to", "Parked"], streamRows, "GET /sync: each service's GET <syncStatusPath>, one row per stream"),
    );
    renderParked(services, parkedAnswers, refreshSoon);
  }

  function parkedAction(button, message, run) {
    return async () => {
      button.disabled = true;
      showMessage(message, "working…", false);
      try {
        await run();
      } catch (err) {
        showMessage(message, "Cannot reach the admin API: " + (err && err.message), true);
      } finally {
        button.disabled = false;
      }
    };
  }

  function createParkedRow(service, change, refreshSoon) {
    const message = byId("sync-message");
    const base = "parked-" + ++parkedSeq;
    const reason = el("input", { id: base + "-reason", type: "text", maxLength: 1000, placeholder: "why drop it (audited)", className: "discard-reason" });
    const replay = el("button", { type: "button", text: "Replay", className: "replay" });
    const discard = el("button", { type: "button", text: "Discard", className: "discard" });
    replay.addEventListener(
      "click",
      parkedAction(replay, message, async () => {
        const body = { key: String(change.key) };
        if (change.table) body.table = String(change.table);
        const res = await call(API.replay, service, body);
        if (res.ok) showMessage(message, service + " " + change.table + " " + change.key + ": replayed " + res.data.replayed + ", still parked " + res.data.stillParked, res.data.stillParked > 0);
        else showMessage(message, refusalText(res.status, res.data), true, res.data && res.data.error && res.data.error.fields);
        refreshSoon();
      }),
    );
    discard.addEventListener(
      "click",
      parkedAction(discard, message, async () => {
        const body = discardBody(change, reason.value);
        if (!body) {
          showMessage(message, "Type why the change is dropped before discarding it (the reason is audited).", true);
          reason.focus();
          return;
        }
        const res = await call(API.discard, service, body);
        if (res.ok) showMessage(message, service + " " + change.table + " " + change.key + ": discarded " + res.data.discarded + ", still parked " + res.data.stillParked, false);
        else showMessage(message, refusalText(res.status, res.data), true, res.data && res.data.error && res.data.error.fields);
        refreshSoon();
      }),
    );
    const tr = el("tr", { "data-service": service, "data-key": String(change.key) }, [
      el("th", { scope: "row", text: service }),
      el("td", { text: change.source }),
      el("td", { text: change.position }),
      el("td", { text: change.table }),
      el("td", { className: "key", text: change.key }),
      el("td", { text: change.op }),
      el("td", { text: change.attempts }),
      el("td", { text: change.reason }),
      el("td", { text: change.lastFailedAt }),
      el("td", {}, [
        el("div", { className: "parked-actions" }, [
          replay,
          el("label", { for: reason.id, text: "Reason" }),
          reason,
          discard,
        ]),
      ]),
    ]);
    return { tr: tr };
  }

  function renderParked(services, parkedAnswers, refreshSoon) {
    const container = byId("sync-parked");
    const found = [];
    const problems = [];
    const replayAll = [];
    for (const entry of services) {
      const answer = parkedAnswers.get(entry.service);
      if (!answer) continue;
      if (!answer.ok) {
        problems.push(el("p", { className: "bad", text: entry.service + ": " + refusalText(answer.status, answer.data) }));
        continue;
      }
      const changes = (answer.data && answer.data.parked) || [];
      for (const change of changes) found.push({ service: entry.service, change: change });
      if (changes.length) replayAll.push(entry.service);
    }
    byId("sync-parked-problems").replaceChildren(...problems);
    if (!found.length) {
      parkedRows.clear();
      parkedRowsKey = "";
      container.replaceChildren(el("p", { text: "No parked changes." }));
      return;
    }
    // Rows are kept across refreshes (a reason being typed survives); the table is rebuilt only when the list changes.
    const keys = found.map((item) => parkedKey(item.service, item.change));
    const key = keys.join("\n");
    if (key === parkedRowsKey) return;
    const next = new Map();
    const bodyRows = found.map((item, index) => {
      const view = parkedRows.get(keys[index]) || createParkedRow(item.service, item.change, refreshSoon);
      next.set(keys[index], view);
      return view.tr;
    });
    parkedRows.clear();
    for (const [k, v] of next) parkedRows.set(k, v);
    parkedRowsKey = key;
    const buttons = replayAll.map((service) => {
      const button = el("button", { type: "button", text: "Replay all parked changes of " + service, className: "replay-all" });
      button.addEventListener(
        "click",
        parkedAction(button, byId("sync-message"), async () => {
          const res = await call(API.replay, service, { all: true });
          const message = byId("sync-message");
          if (res.ok) showMessage(message, service + ": replayed " + res.data.replayed + ", still parked " + res.data.stillParked, res.data.stillParked > 0);
          else showMessage(message, refusalText(res.status, res.data), true, res.data && res.data.error && res.data.error.fields);
          refreshSoon();
        }),
      );
      return button;
    });
    container.replaceChildren(
      table(["Service", "Source", "Position", "Table", "Key", "Op", "Attempts", "Reason", "Last failed", "Actions"], bodyRows, "GET /sync/:service/parked: changes a consumer parked after repeated failures (each blocks only its own row)"),
      el("p", { className: "actions" }, buttons),
    );
  }

  // ---- write groups ----

  function renderWriteGroups(groups, sync) {
    const services = sync.ok && sync.data && Array.isArray(sync.data.services) ? sync.data.services : [];
    if (!groups.ok) {
      byId("write-groups").replaceChildren(el("p", { className: "bad", text: "GET /groups: " + refusalText(groups.status, groups.data) }));
      return;
    }
    const found = writeGroupRows((groups.data && groups.data.groups) || [], services);
    if (!found.length) {
      byId("write-groups").replaceChildren(el("p", { text: "No write group (no route has \"writes\": true)." }));
      return;
    }
    const now = Date.now();
    const tables = (names) => (Array.isArray(names) && names.length ? names.join(", ") : "none");
    const bodyRows = found.map((row) => {
      const o = row.ownership;
      const proxy = row.proxy;
      return el("tr", { "data-group": row.group }, [
        el("th", { scope: "row", text: row.group }),
        el("td", { text: o ? o.service : "–" }),
        el("td", {}, [el("span", { className: "stage", text: o ? o.owner : "unknown" }), el("span", { text: o ? " (epoch " + o.epoch + ")" : " (no service reports it)" })]),
        el("td", { text: o ? tables(o.fenced.monolith) : "–" }),
        el("td", { text: o ? tables(o.fenced.service) : "–" }),
        el("td", {}, [el("span", { className: o && o.lease ? "bad" : "", text: o ? leaseText(o.lease, now) : "–" })]),
        el("td", {}, [el("span", { className: proxy && proxy.fenced ? "bad" : "", text: proxy ? fenceText(proxy) : "not in the route table" })]),
        el("td", { text: proxy ? stageText(proxy.stage) : "–" }),
        el("td", { className: "readonly", text: cutoverHint(row.group) }),
      ]);
    });
    byId("write-groups").replaceChildren(
      table(
        ["Write group", "Service", "Owner", "Fenced in monolith", "Fenced in service", "Cut-over lease", "Proxy fence", "Proxy stage", "Moves with"],
        bodyRows,
        "Owner, database fences and lease from the service (GET /sync); the proxy's fence from GET /groups",
      ),
    );
  }

  // ---- health and audit ----

  function renderHealth(ready, upstreams) {
    const parts = [];
    if (ready.data && typeof ready.data.ready === "boolean") {
      parts.push(el("p", {}, [el("span", { text: "Ready: " }), el("span", { className: ready.data.ready ? "ok" : "bad", text: ready.data.ready ? "yes" : "no" }), el("span", { text: " · flags: " + String(ready.data.flags) })]));
      if (ready.data.flagSourceError) parts.push(el("p", { className: "bad", text: "Flag source error: " + String(ready.data.flagSourceError.message || ready.data.flagSourceError) }));
    } else {
      parts.push(el("p", { className: "bad", text: "readiness: " + refusalText(ready.status, ready.data) }));
    }
    const health = (ready.data && ready.data.upstreams) || {};
    const breakers = new Map(((upstreams.ok && upstreams.data && upstreams.data.upstreams) || []).map((b) => [b.upstream, b]));
    if (!upstreams.ok) parts.push(el("p", { className: "bad", text: "circuit breakers: " + refusalText(upstreams.status, upstreams.data) }));
    const names = Array.from(new Set(Object.keys(health).concat(Array.from(breakers.keys()))));
    const bodyRows = names.map((name) => {
      const breaker = breakers.get(name);
      const up = health[name];
      return el("tr", {}, [
        el("th", { scope: "row", text: name }),
        el("td", {}, [el("span", { className: up === "down" ? "bad" : up === "up" ? "ok" : "", text: up || "–" })]),
        el("td", { text: breaker ? breaker.state : "none" }),
        el("td", { text: breaker ? breaker.consecutiveFailures : "–" }),
        el("td", { text: breaker && breaker.openedAt ? breaker.openedAt : "–" }),
      ]);
    });
    if (bodyRows.length) parts.push(table(["Upstream", "Health path", "Breaker", "Consecutive failures", "Opened at"], bodyRows, "Health from /readyz, circuit breakers from /upstreams"));
    byId("health").replaceChildren(...parts);
  }

  function renderAudit(audit) {
    if (!audit.ok) {
      byId("audit").replaceChildren(el("p", { className: "bad", text: refusalText(audit.status, audit.data) }));
      return;
    }
    const entries = (audit.data && audit.data.entries) || [];
    if (!entries.length) {
      byId("audit").replaceChildren(el("p", { text: "No stage changes yet." }));
      return;
    }
    const bodyRows = entries.map((e) =>
      el("tr", {}, [
        el("td", { text: e.at }),
        el("th", { scope: "row", text: e.routeId }),
        el("td", { text: String(e.fromStage) + " → " + String(e.toStage) }),
        el("td", { text: e.actor }),
        el("td", { text: e.reason ?? "" }),
      ]),
    );
    byId("audit").replaceChildren(table(["At", "Route", "Change", "Actor", "Reason"], bodyRows, "Newest first"));
  }

  // ---- refresh loop ----

  function stop() {
    generation++;
    clearTimeout(timer);
    timer = undefined;
  }

  function refreshSoon() {
    stop();
    timer = setTimeout(refresh, 100);
  }

  /** A call that never rejects: a network failure becomes status 0. */
  async function safeCall(endpoint, id, body) {
    try {
      return await call(endpoint, id, body);
    } catch (err) {
      return { ok: false, status: 0, data: { error: { code: "NETWORK", message: String(err && err.message) } } };
    }
  }

  async function refresh() {
    const mine = generation;
    if (!token) return;
    try {
      const [routes, upstreams, ready, audit, groups, traffic, sync] = await Promise.all([
        call(API.routes),
        safeCall(API.upstreams),
        safeCall(API.readyz),
        safeCall(API.audit),
        safeCall(API.groups),
        safeCall(API.traffic),
        safeCall(API.sync),
      ]);
      if (mine !== generation) return;
      if (routes.status === 401) {
        setStatus("The admin API refused the token (" + refusalText(routes.status, routes.data) + "). Enter the right one.", true);
        stop();
        return;
      }
      const syncServices = sync.ok && sync.data && Array.isArray(sync.data.services) ? sync.data.services : [];
      const withParked = syncServices.filter((entry) => entry.ok && entry.streams.some((stream) => stream.parked > 0));
      const parkedCalls = Promise.all(withParked.map((entry) => safeCall(API.parked, entry.service)));
      if (!routes.ok || !routes.data || !Array.isArray(routes.data.routes)) {
        setStatus("GET /routes failed: " + refusalText(routes.status, routes.data), true);
      } else {
        renderRoutes(routes.data.routes, refreshSoon);
        const mirrored = routes.data.routes.filter(needsShadowReport);
        const readRoutes = routes.data.routes.filter((route) => !isWriteRoute(route));
        const [reports, gates] = await Promise.all([Promise.all(mirrored.map((r) => safeCall(API.shadowReport, r.id))), Promise.all(readRoutes.map((r) => safeCall(API.gate, r.id)))]);
        if (mine !== generation) return;
        mirrored.forEach((r, i) => renderShadow(r.id, reports[i]));
        renderGates(readRoutes, gates);
        setStatus("Connected; refreshing every " + REFRESH_MS / 1000 + " s.", false);
      }
      const parked = await parkedCalls;
      if (mine !== generation) return;
      renderTraffic(traffic);
      renderSync(sync, new Map(withParked.map((entry, i) => [entry.service, parked[i]])), refreshSoon);
      renderWriteGroups(groups, sync);
      renderHealth(ready, upstreams);
      renderAudit(audit);
      byId("updated").textContent = "Last update " + new Date().toLocaleTimeString();
    } catch (err) {
      if (mine === generation) setStatus("Cannot reach the admin API: " + (err && err.message), true);
    } finally {
      if (mine === generation && token) timer = setTimeout(refresh, REFRESH_MS);
    }
  }

  function start() {
    byId("token-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const input = byId("token");
      token = input.value.trim();
      input.value = "";
      if (!token) return;
      sessionStorage.setItem(TOKEN_KEY, token);
      setStatus("Connecting…", false);
      refreshSoon();
    });
    byId("forget-token").addEventListener("click", () => {
      stop();
      token = "";
      sessionStorage.removeItem(TOKEN_KEY);
      setStatus("Token forgotten. Enter the admin token to start.", false);
    });
    if (token) {
      setStatus("Connecting…", false);
      refreshSoon();
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
