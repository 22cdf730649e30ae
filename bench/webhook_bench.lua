-- wrk script of bench/webhook_bench.sh: POSTs pre-signed webhook bodies, round-robin.
-- WEBHOOK_BODIES names a file of "signature<TAB>body" lines; wrk thread i of n sends lines i, i+n,
-- i+2n, ... so threads never send the same item. done() prints one WRK_JSON line.
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local n = counter > 0 and counter or 1
  local path = os.getenv("WEBHOOK_PATH")
  local header = os.getenv("WEBHOOK_HEADER")
  requests = {}
  local i = 0
  for line in io.lines(os.getenv("WEBHOOK_BODIES")) do
    if i % n == id then
      local tab = line:find("\t", 1, true)
      local headers = { ["Content-Type"] = "application/json", [header] = line:sub(1, tab - 1) }
      table.insert(requests, wrk.format("POST", path, headers, line:sub(tab + 1)))
    end
    i = i + 1
  end
  next_request = 0
end

function request()
  next_request = next_request + 1
  return requests[(next_request - 1) % #requests + 1]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%d,"duration_s":%.3f,"requests_per_s":%.1f,"latency_ms":{"p50":%.2f,"p90":%.2f,' ..
    '"p99":%.2f,"max":%.2f},"non_2xx":%d,"socket_errors":%d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, e.status, e.connect + e.read + e.write + e.timeout))
end
