-- wrk script for bench/run.py, step 5: POST the consultation form, each request with the
-- next pre-made body (one URL-encoded form per line, each with its own signed form
-- token), all with the same CSRF cookie. The threads take turns through the bodies, so
-- no body is sent twice unless the file runs out.
--
-- Arguments (after --): <bodies file> <CSRF cookie value> <number of wrk threads>

local threads = {}

function setup(thread)
  thread:set("first_body", #threads)
  table.insert(threads, thread)
end

function init(args)
  bodies = {}
  for line in io.lines(args[1]) do
    bodies[#bodies + 1] = line
  end
  step = tonumber(args[3])
  next_body = first_body
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["Cookie"] = "csrftoken=" .. args[2]
end

function request()
  local body = bodies[(next_body % #bodies) + 1]
  next_body = next_body + step
  return wrk.format(nil, nil, nil, body)
end
