-- wrk script for scripts/rollout-test: the traffic mix that must see no error
-- while every replica behind the load balancer is replaced.
--
-- Per connection, in a fixed rotation of 10 requests:
--   6 x GET  /api/v1/users/alice        public read (user lookup)
--   3 x GET  /api/v1/me                 authenticated read (Bearer session lookup)
--   1 x POST /api/v1/auth/signup        authenticated-path write, never retried by
--                                       nginx (non-idempotent), unique per request
-- Arguments (after --): BEARER_TOKEN RUN_ID
--
-- Counts per thread, summed in done() into one machine-readable line:
--   WRK requests=N started=N s2xx=N non2xx=N get2xx=N post2xx=N connect=N read=N write=N timeout=N status=N max_latency_ms=X
-- `started` exists because wrk silently reconnects when a connection is closed
-- before the response arrives: such a lost request shows only as
-- started - requests - read - write errors (same idea as tests/e2e/lib/common.sh).

local threads = {}
local next_thread_id = 1

function setup(thread)
  thread:set("tid", next_thread_id)
  next_thread_id = next_thread_id + 1
  table.insert(threads, thread)
end

function init(args)
  token = args[1] or ""
  run_id = args[2] or "r"
  started, s2xx, non2xx, get2xx, post2xx = 0, 0, 0, 0, 0
  seq = 0
  -- wrk calls response() in request order per connection, but not with the
  -- request; a FIFO of methods per thread is exact with one request in flight
  -- per connection only when there is one connection per thread, so methods
  -- are counted by status code instead: signup answers 201, reads 200.
  get_user = wrk.format("GET", "/api/v1/users/alice")
  get_me = wrk.format("GET", "/api/v1/me", { ["Authorization"] = "Bearer " .. token })
end

function request()
  started = started + 1
  seq = seq + 1
  local k = seq % 10
  if k == 0 then
    -- Usernames: letters, digits, underscore, at most 32 characters.
    local name = string.format("w%s_%d_%d", run_id, tid, seq)
    local body = string.format(
      '{"email":"%s@example.com","username":"%s","password":"correct horse battery"}', name, name)
    return wrk.format("POST", "/api/v1/auth/signup", { ["Content-Type"] = "application/json" }, body)
  elseif k % 3 == 0 then
    return get_me
  end
  return get_user
end

function response(status, headers, body)
  if status >= 200 and status < 300 then
    s2xx = s2xx + 1
    if status == 201 then post2xx = post2xx + 1 else get2xx = get2xx + 1 end
  else
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local t = { started = 0, s2xx = 0, non2xx = 0, get2xx = 0, post2xx = 0 }
  for _, th in ipairs(threads) do
    for k, _ in pairs(t) do t[k] = t[k] + th:get(k) end
  end
  local e = summary.errors
  -- wrk calls request() once more before the run, in thread 1, to check the
  -- request it builds: that call is not a request sent.
  io.write(string.format(
    "WRK requests=%d started=%d s2xx=%d non2xx=%d get2xx=%d post2xx=%d connect=%d read=%d write=%d timeout=%d status=%d max_latency_ms=%.1f\n",
    summary.requests, t.started - 1, t.s2xx, t.non2xx, t.get2xx, t.post2xx,
    e.connect, e.read, e.write, e.timeout, e.status, latency.max / 1000))
end
