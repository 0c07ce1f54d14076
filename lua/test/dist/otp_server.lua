-- A Lua node for erlang-test's OTP cases: a genserver registered as 'lua_counter', and a 'caller'
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
assert(genserver.start(counter, 0, 'lua_counter'))

concurrent.register('caller', concurrent.spawn(function()
    while true do
        local m = concurrent.receive()
        local me = concurrent.self()
        concurrent.send(me, A'unrelated1')
        concurrent.send(me, A'unrelated2')
        local ok, value = pcall(concurrent.call, m.dest, m.req, m.timeout)
        local rest = erlang.list(concurrent.receive(0), concurrent.receive(0))
        concurrent.send(m.report, erlang.tuple(A'called', ok and A'ok' or A'error', value, rest))
    end
end))

print('otp ready')
concurrent.loop()
