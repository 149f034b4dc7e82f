-- wrk script of make soak: each request is made as the next logged-in cadre (cookie rotation,
-- from the cadre's own address as the proxy reports it) on the next path of its page.
-- Arguments after "--": a file of "cookie<TAB>csrf token<TAB>address" lines,
-- a file of paths, and the method (GET, or POST for enrolment requests).
local cookies, tokens, addresses, paths = {}, {}, {}, {}
local method = "GET"
local n = 0

function init(args)
  for line in io.lines(args[1]) do
    local cookie, token, address = line:match("^([^\t]+)\t([^\t]*)\t(.*)$")
    cookies[#cookies + 1] = cookie
    tokens[#tokens + 1] = token
    addresses[#addresses + 1] = address
  end
  for line in io.lines(args[2]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  method = args[3] or "GET"
  math.randomseed(os.time() + #paths)
  n = math.random(#cookies)
end

function request()
  n = n + 1
  local who = (n % #cookies) + 1
  local path = paths[(n % #paths) + 1]
  local headers = { ["Cookie"] = cookies[who], ["X-Forwarded-For"] = addresses[who] }
  if method == "POST" then
    headers["X-CSRFToken"] = tokens[who]
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    return wrk.format("POST", path, headers, "")
  end
  return wrk.format("GET", path, headers)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "SOAK_RESULT requests=%d duration_us=%d connect=%d read=%d write=%d status=%d timeout=%d p95_us=%d max_us=%d\n",
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(95), latency.max))
end
