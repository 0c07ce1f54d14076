-- A module that BEAM nodes spawn into: erlang:spawn(LuaNode, remote_mod, double, [Pid, X]).
local M = {}

function M.double(to, x)
    concurrent.send(to, erlang.tuple(erlang.atom('doubled'), x * 2, concurrent.self()))
end

function M.wait_then_exit(reason)
    concurrent.receive()
    concurrent.exit(reason)
end

-- Spawned with small integers only: the argument list [1, 2] travels as a string.
function M.sum_to_collector(a, b)
    concurrent.send({'collector', concurrent.nodes()[1]}, a + b)
end

return M
