-- A module that BEAM nodes spawn into, erlang:spawn(LuaNode, remote_mod, double, [Pid, X]), and call:
-- rpc:call(LuaNode, remote_mod, add, [1, 2]).
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

function M.add(a, b) return a + b end

function M.greet(name) return 'hello, ' .. name end

function M.fail(why) error(why) end

function M.quit(reason) concurrent.exit(reason) end

function M.nothing() end

function M.two() return 'first', 'second' end

return M
