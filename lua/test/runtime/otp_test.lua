-- Selective receive, refs, gen_server calls and casts, genserver and supervisor (local)
require 'concurrent'
local genserver = require 'concurrent.genserver'
local supervisor = require 'concurrent.supervisor'
local check = require 'check'
local me = concurrent.self()

-- makeref: unique, usable as a table key, printable
local r1, r2 = concurrent.makeref(), concurrent.makeref()
check.eq(erlang.type(r1), 'ref')
check.truthy(r1 ~= r2, 'two refs differ')
local byref = { [r1] = 'one' }
check.eq(byref[r1], 'one', 'a ref as a table key')

-- selective receive takes the first match and leaves the others in order
concurrent.send(me, 'a')
concurrent.send(me, { kind = 'wanted', n = 1 })
concurrent.send(me, 'b')
concurrent.send(me, { kind = 'wanted', n = 2 })
local m = concurrent.receive(function(x) return type(x) == 'table' and x.kind == 'wanted' end)
check.eq(m.n, 1)
check.eq(concurrent.receive(0), 'a', 'others stay in order')
check.eq(concurrent.receive(function(x) return type(x) == 'table' end, 0).n, 2)
check.eq(concurrent.receive(0), 'b')
check.eq(select('#', concurrent.receive(function() return false end, 10)), 0, 'a selective receive times out')

-- a genserver: calls, casts, infos, state
local counter = {
    init = function(start) return start end,
    handle_call = function(req, from, n)
        if req == 'get' then return 'reply', n, n end
        if req == 'stop' then return 'stop', 'normal', 'stopping', n end
        return 'reply', 'unknown', n
    end,
    handle_cast = function(msg, n) return 'noreply', n + msg end,
    handle_info = function(msg, n) if msg == 'reset' then return 'noreply', 0 end return 'noreply', n end,
}
local srv = assert(genserver.start(counter, 10, 'counter'))
check.eq(concurrent.call('counter', 'get'), 10)
concurrent.cast(srv, 5)
check.eq(concurrent.call(srv, 'get'), 15, 'a cast changed the state')
concurrent.send(srv, 'reset')
check.eq(concurrent.call(srv, 'get'), 0, 'an info changed the state')

-- unrelated messages wait while a call waits for its reply; they stay in order
concurrent.send(me, 'first unrelated')
concurrent.send(me, 'second unrelated')
check.eq(concurrent.call(srv, 'get'), 0)
check.eq(concurrent.receive(0), 'first unrelated')
check.eq(concurrent.receive(0), 'second unrelated')

check.eq(concurrent.call(srv, 'stop'), 'stopping', 'the reply before stopping')
concurrent.sleep(10)
check.eq(concurrent.isalive(srv), false, 'the server stopped')

-- a call to a dead process raises noproc; a call that gets no answer raises {timeout, ...}
local ok, err = pcall(concurrent.call, srv, 'get')
check.eq(ok, false)
check.eq(err, 'noproc', 'call to a dead process')
local slow = concurrent.spawn(function()
    local m = concurrent.receive()
    concurrent.sleep(100)
    concurrent.reply(m[2], 'too late')
end)
ok, err = pcall(concurrent.call, slow, 'hello', 30)
check.eq(ok, false)
check.eq(tostring(err[1]), 'timeout', 'a call without answer times out')
check.eq(tostring(err[2][1]), 'gen_server')
concurrent.sleep(150)
check.eq(select('#', concurrent.receive(0)), 0, 'the late reply was dropped (the call used an alias)')

-- aliases: a reference that delivers to its process while active
local a = concurrent.alias()
check.eq(concurrent.send(a, 'via alias'), true)
check.eq(concurrent.receive(0), 'via alias')
check.eq(concurrent.unalias(a), true)
check.eq(concurrent.send(a, 'dropped'), false, 'an inactive alias drops')
check.eq(select('#', concurrent.receive(0)), 0)
-- a server that dies during the call: its reason is the error
local dying = concurrent.spawn(function() concurrent.receive() concurrent.exit('crashed') end)
ok, err = pcall(concurrent.call, dying, 'hello')
check.eq(err, 'crashed', 'the reason of a server that died during the call')

-- a genserver whose callback fails writes a crash report and ends with the error as reason
local crashy = assert(genserver.start({ init = function() return 0 end,
                                        handle_call = function() error('bad call') end }))
ok, err = pcall(concurrent.call, crashy, 'anything')
check.eq(ok, false)
check.matches(tostring(err), 'bad call', 'the caller sees the crash reason')
check.eq(concurrent.isalive(crashy), false)

-- a supervisor restarts a crashing child (one_for_one), within its restart intensity
local starts = 0
function flaky()
    starts = starts + 1
    concurrent.register('flaky', concurrent.self())
    local m = concurrent.receive()
    if m == 'crash' then error('boom') end
end
local sup = supervisor.start({ strategy = 'one_for_one', intensity = 2, period = 5 },
    { { id = 'flaky', start = flaky } })
concurrent.sleep(20)
check.eq(starts, 1)
concurrent.send('flaky', 'crash')
concurrent.sleep(50)
check.eq(starts, 2, 'restarted once')
check.truthy(concurrent.whereis('flaky'), 'the restarted child registered again')
check.truthy(supervisor.which_children(sup).flaky, 'which_children names it')
concurrent.send('flaky', 'crash')
concurrent.sleep(50)
concurrent.send('flaky', 'crash')
concurrent.sleep(50)
check.eq(concurrent.isalive(sup), false, 'too many restarts end the supervisor')

-- a map from Erlang (#{body => ...}) keeps its atom key when Lua assigns msg.body; new keys are strings
local decoded = erlang.decode(erlang.encode(erlang.map({ [erlang.atom'body'] = 'old' })))
decoded.body = 'new'
check.eq(decoded.body, 'new')
check.eq(decoded[erlang.atom'body'], 'new', 'the atom key was updated')
check.eq(rawget(decoded, 'body'), nil, 'no second, string key')
decoded.other = 1
check.eq(rawget(decoded, 'other'), 1, 'a new key is the string')
