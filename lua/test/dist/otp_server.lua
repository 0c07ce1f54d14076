-- A Lua node for erlang-test's OTP cases: a genserver registered as 'lua_counter' (and globally as
-- 'global_counter', and a member of the pg group lua_workers), a supervised one
-- registered as 'supervised' (restarted up to twice in 10 s), and a 'caller'
-- that makes concurrent.call on request. A request to the caller: #{op => call, dest => D, req => R,
-- timeout => T, report => Pid}; before calling it sends itself two unrelated messages, and reports
-- {called, ok | error, ValueOrReason, [the unrelated messages as received after the call]}.
require 'concurrent'
local genserver = require 'concurrent.genserver'
local A = erlang.atom

local counter = {
    init = function(n) return n end,
    handle_call = function(req, from, n)
        local op = erlang.type(req) == 'tuple' and erlang.atomname(req[1]) or erlang.atomname(req)
        if op == 'get' then return 'reply', n, n end
        if op == 'add' then return 'reply', n + req[2], n + req[2] end
        if op == 'silent' then return 'noreply', n end
        if op == 'stop' then return 'stop', 'normal', A'stopping', n end
        return 'reply', A'unknown', n
    end,
    handle_cast = function(msg, n)
        if erlang.type(msg) == 'tuple' and erlang.atomname(msg[1]) == 'add' then return 'noreply', n + msg[2] end
        return 'noreply', n
    end,
}
local counter_pid = assert(genserver.start(counter, 0, 'lua_counter'))
-- the same server under a global name, and in the pg group 'lua_workers' (for Elixir's :global and :pg)
assert(concurrent.globalregister('global_counter', counter_pid))
concurrent.pg.join(A'lua_workers', counter_pid)

-- a supervisor keeping a counter named 'supervised' (its 'crash' call raises an error)
local supervisor = require 'concurrent.supervisor'
local crashing = {
    init = counter.init,
    handle_call = function(req, from, n)
        if erlang.type(req) == 'atom' and erlang.atomname(req) == 'crash' then error('asked to crash') end
        return counter.handle_call(req, from, n)
    end,
    handle_cast = counter.handle_cast,
}
supervisor.start({ strategy = 'one_for_one', intensity = 2, period = 10 },
    { { id = 'supervised', genserver = crashing, args = 0, name = 'supervised' } })

concurrent.register('caller', concurrent.spawn(function()
    while true do
        local m = concurrent.receive()
        if erlang.atomname(m.op) == 'rpc' then -- #{op => rpc, node, mod, fn, args, report}
            local ok, value = pcall(concurrent.rpc, m.node, m.mod, m.fn, unpack(m.args))
            concurrent.send(m.report, erlang.tuple(A'rpc', ok and A'ok' or A'error', value))
        else
        local me = concurrent.self()
        concurrent.send(me, A'unrelated1')
        concurrent.send(me, A'unrelated2')
        local ok, value = pcall(concurrent.call, m.dest, m.req, m.timeout)
        local rest = erlang.list(concurrent.receive(0), concurrent.receive(0))
        concurrent.send(m.report, erlang.tuple(A'called', ok and A'ok' or A'error', value, rest))
        end
    end
end))

print('otp ready')
concurrent.loop()
