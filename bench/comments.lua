-- wrk script for bench/comments.sh: POSTs comment bodies from a file, each body once, in order.
-- Usage: wrk -t1 -cN -dD --latency -s bench/comments.lua -H 'Cookie: ...' URL -- BODIES_FILE [stop]
-- Must run with -t1 (one thread, so one index over the file). delay() hands out the bodies; when every
-- body has been sent it parks the connections until the run ends: no body is ever sent twice and no other
-- request is sent, so wrk's latency figures are posts only. Every body carries its own single-use ALTCHA
-- solution. With "stop" after the file, wrk exits as soon as every body has been answered (a warm-up of so many
-- posts, with -d as its upper bound), printing only "posts-sent N", instead of running until -d.
-- done() prints "posts-sent N", "posts-total N" and "status CODE COUNT" lines for the caller to parse.

local bodies = {}
local total = 0
local reserved = 0 -- bodies promised to a connection by delay(); request() then sends the next one
local sent = 0
local answered = 0
local stop_when_done = false
statuses = {} -- global: read from done() through thread:get()
posts_sent = 0
posts_total = 0

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  local path = args[1]
  if path == nil then
    error("comments.lua: pass the bodies file after --")
  end
  for line in io.lines(path) do
    if line ~= "" then
      total = total + 1
      bodies[total] = line
    end
  end
  posts_total = total
  stop_when_done = args[2] == "stop"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end

-- Called before each request(): 0 ms while bodies are left, else longer than any run.
function delay()
  if reserved < total then
    reserved = reserved + 1
    return 0
  end
  return 24 * 3600 * 1000
end

function request()
  if sent >= reserved then
    -- No body reserved: wrk's own check of the script at start-up (it calls request() once to count
    -- pipelined requests, and never sends that one). Every real send follows a delay() that returned 0.
    return wrk.format("GET", "/healthz")
  end
  sent = sent + 1
  posts_sent = sent
  local body = bodies[sent]
  bodies[sent] = nil
  return wrk.format("POST", "/comments/reply", nil, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  answered = answered + 1
  if stop_when_done and answered >= total then
    -- wrk itself would only end at -d, whatever its threads do: leave now, with the one count the caller reads.
    io.write(string.format("posts-sent %d\n", sent))
    io.flush()
    os.exit(0)
  end
end

function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    io.write(string.format("posts-sent %d\n", thread:get("posts_sent")))
    io.write(string.format("posts-total %d\n", thread:get("posts_total")))
    for status, n in pairs(thread:get("statuses")) do
      io.write(string.format("status %d %d\n", status, n))
    end
  end
end
