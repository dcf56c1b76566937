"use strict";
/*
 * The strangler proxy's operator page: plain browser script, no build step, no dependency.
 * Every value from the admin API reaches the page through textContent, never parsed as markup.
 * The pure helpers at the top are also exported for unit tests when loaded with require().
 */
(function () {
  /** Every admin API call the page makes: `:id` is a route id. */
  const API = Object.freeze({
    routes: { method: "GET", path: "/routes" },
    upstreams: { method: "GET", path: "/upstreams" },
    readyz: { method: "GET", path: "/readyz" },
    audit: { method: "GET", path: "/audit?limit=20" },
    shadowReport: { method: "GET", path: "/routes/:id/shadow-report?limit=1" },
    setStage: { method: "PUT", path: "/routes/:id/stage" },
    rollback: { method: "POST", path: "/routes/:id/rollback" },
  });

  const STAGES = ["monolith", "shadow", "canary", "service"];

  /** The path of an API call, with the route id escaped into it. */
  function apiPath(endpoint, id) {
    return id === undefined ? endpoint.path : endpoint.path.replace(":id", encodeURIComponent(id));
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

  /** The fence cell: "no", "fenced", or "fenced by <holder> (<reason>), <age>s" when the lease is known. */
  function fenceText(route) {
    if (!route || !route.fenced) return "no";
    const fence = route.fence;
    if (!fence || typeof fence.holder !== "string") return "fenced";
    const reason = fence.reason ? " (" + fence.reason + ")" : "";
    const age = typeof fence.ageMs === "number" ? ", " + Math.floor(fence.ageMs / 1000) + "s" : "";
    return "fenced by " + fence.holder + reason + age;
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

  const pure = { API, STAGES, apiPath, isWriteRoute, cutoverHint, fenceText, stageBody, stageText, needsShadowReport, matchRateText, refusalText };
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

  const byId = (id) => document.getElementById(id);

  /** Creates an element; `text` goes in as textContent, other keys as properties. */
  function el(tag, props, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (key === "text") node.textContent = value === null || value === undefined ? "" : String(value);
      else if (key.startsWith("aria-") || key === "role" || key === "for" || key === "scope") node.setAttribute(key, String(value));
      else node[key] = value;
    }
    for (const child of children || []) node.append(child);
    return node;
  }

  async function call(endpoint, id, body) {
    // x-actor: the audit shows the move came from the dashboard.
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

  function showMessage(node, text, bad, fields) {
    node.replaceChildren(el("span", { className: bad ? "bad" : "ok", text: text }));
    if (Array.isArray(fields) && fields.length) {
      node.append(el("ul", {}, fields.map((f) => el("li", { text: String(f.field) + ": " + String(f.message) }))));
    }
  }

  function createRow(route, index, refreshSoon) {
    const cells = {};
    const tr = el("tr");
    cells.id = el("th", { scope: "row", text: route.id });
    tr.append(cells.id);
    for (const key of ["group", "methods", "paths", "stage", "requests", "shadow", "breaker", "fenced"]) {
      cells[key] = el("td");
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
      const headers = ["Route", "Group", "Methods", "Paths", "Stage", "Requests", "Shadow match", "Breaker", "Fence", "Actions"];
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

  async function refresh() {
    const mine = generation;
    if (!token) return;
    try {
      const [routes, upstreams, ready, audit] = await Promise.all([call(API.routes), call(API.upstreams), call(API.readyz), call(API.audit)]);
      if (mine !== generation) return;
      if (routes.status === 401) {
        setStatus("The admin API refused the token (" + refusalText(routes.status, routes.data) + "). Enter the right one.", true);
        stop();
        return;
      }
      if (!routes.ok || !routes.data || !Array.isArray(routes.data.routes)) {
        setStatus("GET /routes failed: " + refusalText(routes.status, routes.data), true);
      } else {
        renderRoutes(routes.data.routes, refreshSoon);
        const mirrored = routes.data.routes.filter(needsShadowReport);
        const reports = await Promise.all(mirrored.map((r) => call(API.shadowReport, r.id)));
        if (mine !== generation) return;
        mirrored.forEach((r, i) => renderShadow(r.id, reports[i]));
        setStatus("Connected; refreshing every " + REFRESH_MS / 1000 + " s.", false);
      }
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
