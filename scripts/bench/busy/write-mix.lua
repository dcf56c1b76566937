-- wrk script of `npm run bench:busy`: the legacy shop's own admin writes, as fast as the
-- connections go. Arguments (after `--`): admin token, product count, category count, run tag.
-- Per request, in turn: PATCH /products/:id (rotating ids, a unique name), PUT /inventory/:id,
-- PATCH, PUT, ... and every tenth a POST /products (unique SKU). Every answer is counted by
-- status, a 5xx also by its error code (read from the JSON body); `done` sums the threads and
-- prints one line `BUSY_RESULT {json}`.

local threads = {}

function setup(thread)
  thread:set("thread_no", #threads + 1)
  table.insert(threads, thread)
end

local token, products, categories, tag
local sent = 0
statuses = {}
codes = {}
kinds = {}

function init(args)
  token = args[1]
  products = tonumber(args[2])
  categories = tonumber(args[3])
  tag = args[4]
end

local function headers()
  return { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
end

function request()
  sent = sent + 1
  local n = sent
  -- Threads start at different ids so they rarely touch the same row at the same moment.
  local id = ((n + thread_no * 7919) % products) + 1
  local slot = n % 10
  if slot == 9 then
    kinds["POST /products"] = (kinds["POST /products"] or 0) + 1
    local body = string.format('{"sku":"busy-%s-%d-%d","name":"Bench product %s %d %d","priceCents":%d,"categoryId":%d}',
      tag, thread_no, n, tag, thread_no, n, 100 + n % 5000, (n % categories) + 1)
    return wrk.format("POST", "/products", headers(), body)
  elseif slot % 2 == 0 then
    kinds["PATCH /products/:id"] = (kinds["PATCH /products/:id"] or 0) + 1
    local body = string.format('{"name":"Bench %s %d %d","priceCents":%d}', tag, thread_no, n, 100 + n % 9000)
    return wrk.format("PATCH", "/products/" .. id, headers(), body)
  else
    kinds["PUT /inventory/:id"] = (kinds["PUT /inventory/:id"] or 0) + 1
    return wrk.format("PUT", "/inventory/" .. id, headers(), string.format('{"quantity":%d}', n % 1000))
  end
end

function response(status, headers, body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
  if status >= 500 then
    local code = (body and body:match('"code"%s*:%s*"([^"]+)"')) or "no-code"
    local label = key .. " " .. code
    codes[label] = (codes[label] or 0) + 1
  end
end

local function add(into, from)
  for key, value in pairs(from or {}) do into[key] = (into[key] or 0) + value end
end

local function json(value)
  if type(value) == "table" then
    local parts = {}
    for key, inner in pairs(value) do table.insert(parts, string.format("%q:%s", tostring(key), json(inner))) end
    return "{" .. table.concat(parts, ",") .. "}"
  end
  return tostring(value)
end

function done(summary, latency, requests)
  local total = { statuses = {}, codes = {}, kinds = {} }
  for _, thread in ipairs(threads) do
    add(total.statuses, thread:get("statuses"))
    add(total.codes, thread:get("codes"))
    add(total.kinds, thread:get("kinds"))
  end
  total.requests = summary.requests
  total.durationUs = summary.duration
  total.errors = { connect = summary.errors.connect, read = summary.errors.read, write = summary.errors.write, status = summary.errors.status, timeout = summary.errors.timeout }
  total.p50Us = latency:percentile(50)
  total.p99Us = latency:percentile(99)
  total.maxUs = latency.max
  io.write("BUSY_RESULT " .. json(total) .. "\n")
end
