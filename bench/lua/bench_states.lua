-- Functions the states benchmarks start by module and name, in whichever Lua state they land
-- (jnode --states K): a CPU-bound worker, an echo for BEAM clients, and quick processes for spawn costs.
local concurrent = require 'concurrent'
local M = {}

local function fib(n)
  if n < 2 then return n end
  return fib(n - 1) + fib(n - 2)
end

-- Computes fib(n) `rounds` times for every {go, From} it gets, answering {done, State} each time;
-- returns on 'stop'.
function M.fib_worker(n, rounds)
  while true do
    local m = concurrent.receive()
    if m == 'stop' then return end
    for _ = 1, rounds do fib(n) end
    concurrent.send(m[2], erlang.tuple(erlang.atom('done'), concurrent.state()))
  end
end

-- Echoes {ReplyTo, Payload} -> ReplyTo ! Payload (for BEAM clients and cross-state ping-pong).
function M.echo()
  while true do
    local m = concurrent.receive()
    concurrent.send(m[1], m[2])
  end
end

-- Ends at once, telling From it ran.
function M.hello(from)
  concurrent.send(from, 'hello')
end

return M
