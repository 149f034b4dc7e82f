-- wrk script: each connection walks a list of requests (one line each: a path, then optionally a
-- tab and a Cookie header), starting at a random line, so no cache can memorise one address.
-- wrk counts redirects as answers: responses other than 200 are counted here and printed.
local requests = {}
local next_index = 1
local threads = {}
not_ok = 0

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do
    local path, cookie = line:match("^([^\t]+)\t?(.*)$")
    if path then
      local headers = {}
      if cookie ~= "" then headers["Cookie"] = cookie end
      requests[#requests + 1] = wrk.format("GET", path, headers)
    end
  end
  math.randomseed(os.time())
  next_index = math.random(#requests)
end

function request()
  next_index = next_index % #requests + 1
  return requests[next_index]
end

function response(status, headers, body)
  if status ~= 200 then not_ok = not_ok + 1 end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + (thread:get("not_ok") or 0) end
  io.write(string.format("Not-200 responses: %d\n", total))
end
