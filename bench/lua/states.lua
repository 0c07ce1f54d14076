-- Lua states benchmarks (run with jnode --states K).
--   states.lua fib W N R   W workers spread over the states by load, each fib(N) R times: one warm-up
--                          round, then prints "go", a measured round, then "done" (the harness times
--                          the lines: Lua 5.1 has no wall clock finer than os.time's seconds).
--   states.lua pingpong N  N round trips with an echo in the same state and in another one, then N/4
--                          spawns by name (each waited for) into each, after a warm-up each; every
--                          measured phase between "begin NAME K" and "end NAME" lines, which the harness
--                          times (wall clock).
require 'concurrent'
local bench = require 'bench_states'
local mode = ...
local me = concurrent.self()

if mode == 'fib' then
  local w, n, r = tonumber((select(2, ...))), tonumber((select(3, ...))), tonumber((select(4, ...)))
  local workers = {}
  -- the workers by name, so that 'any' spreads them; this process waits in receive meanwhile
  for i = 1, w do workers[i] = concurrent.spawn({state = 'any'}, 'bench_states', 'fib_worker', n, r) end
  local function round()
    for i = 1, w do concurrent.send(workers[i], erlang.tuple(erlang.atom('go'), me)) end
    for _ = 1, w do concurrent.receive() end
  end
  round()
  io.write('go\n') io.flush()
  round()
  io.write('done\n') io.flush()
  for i = 1, w do concurrent.send(workers[i], 'stop') end
elseif mode == 'pingpong' then
  -- Each measured phase is framed by "begin NAME K" and "end NAME" lines: the harness times the lines.
  local n = tonumber((select(2, ...))) or 200000
  local function phase(name, k, body)
    io.write('begin ', name, ' ', k, '\n') io.flush()
    body(k)
    io.write('end ', name, '\n') io.flush()
  end
  local function pingpong(state)
    local echo = concurrent.spawn({state = state}, 'bench_states', 'echo')
    local msg = erlang.tuple(me, 'ping')
    local function rounds(k)
      for _ = 1, k do concurrent.send(echo, msg) concurrent.receive() end
    end
    rounds(n) -- warm-up
    phase((state == 1 and 'same' or 'cross') .. '_state_roundtrips', n, rounds)
    concurrent.exit(echo, 'kill')
  end
  local function spawns(state)
    local function run(k)
      for _ = 1, k do
        concurrent.spawn({state = state}, 'bench_states', 'hello', me)
        concurrent.receive()
      end
    end
    run(math.floor(n / 10)) -- warm-up
    phase((state == 1 and 'same' or 'cross') .. '_state_spawns', math.floor(n / 4), run)
  end
  pingpong(1)
  pingpong(2)
  spawns(1)
  spawns(2)
end
