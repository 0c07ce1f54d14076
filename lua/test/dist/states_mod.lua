-- Processes states_SUITE starts on a node with several Lua states (by module and name, so they land in
-- any state). Every answer says which state answered.
local concurrent = require 'concurrent'
local genserver = require 'concurrent.genserver'
local A = erlang.atom
local M = {}

function M.state() return concurrent.state() end

-- {From, Msg} -> From ! {echo, State, Msg}; {exit, Reason} -> ends with Reason; error -> a Lua error
function M.echo()
  while true do
    local m = concurrent.receive()
    if tostring(m[1]) == 'exit' then concurrent.exit(m[2]) end
    if tostring(m[1]) == 'error' then error('asked to fail') end
    concurrent.send(m[1], erlang.tuple(A'echo', concurrent.state(), m[2]))
  end
end

-- Registers itself as Name and forwards every {To, Msg} to the process registered as Peer, as
-- {To, Msg, [States seen so far]}; a forwarded message it gets ({To, Msg, Seen}) goes to To.
function M.relay(name, peer)
  concurrent.register(tostring(name), concurrent.self())
  while true do
    local m = concurrent.receive()
    local seen = m[3] or erlang.list()
    local states = erlang.list()
    for i = 1, #seen do states[i] = seen[i] end
    states[#states + 1] = concurrent.state()
    if m[3] then
      concurrent.send(m[1], erlang.tuple(A'relayed', m[2], states))
    else
      concurrent.send(tostring(peer), erlang.tuple(m[1], m[2], states))
    end
  end
end

-- A genserver registered as Name answering every call with {State, Request}.
function M.genserver(name)
  genserver.start_link({
    init = function() return 0 end,
    handle_call = function(req, _, n) return 'reply', erlang.tuple(concurrent.state(), req), n + 1 end,
  }, nil, tostring(name))
  concurrent.receive()
end

return M
