-- Lua coroutines inside processes: the standard library's behaviour, plus receive/sleep/preemption
-- from inside a coroutine, and many suspended coroutines costing no threads.
require 'concurrent'
local check = require 'check'

local main = concurrent.self()

-- values travel both ways through resume and yield
local co = coroutine.create(function(a, b)
    check.eq(coroutine.status(coroutine.running()), 'running', 'status inside')
    local c = coroutine.yield(a + b)
    local d, e = coroutine.yield(c * 2)
    return d .. e
end)
check.eq(type(co), 'thread')
check.eq(coroutine.status(co), 'suspended', 'status before the first resume')
local ok, v = coroutine.resume(co, 1, 2)
check.eq(ok, true) check.eq(v, 3, 'first yield')
ok, v = coroutine.resume(co, 10)
check.eq(v, 20, 'second yield')
ok, v = coroutine.resume(co, 'x', 'y')
check.eq(ok, true) check.eq(v, 'xy', 'return value')
check.eq(coroutine.status(co), 'dead')
ok, v = coroutine.resume(co)
check.eq(ok, false) check.eq(v, 'cannot resume dead coroutine')

-- errors end the coroutine, not the process; error values are kept
local bad = coroutine.create(function() error({ code = 42 }) end)
ok, v = coroutine.resume(bad)
check.eq(ok, false) check.eq(v.code, 42, 'error object')
local bad2 = coroutine.create(function() error('plain') end)
ok, v = coroutine.resume(bad2)
check.eq(ok, false) check.matches(v, 'plain', 'error message')

-- wrap, as in generic for loops; errors raise in the caller
local function range(n)
    return coroutine.wrap(function() for i = 1, n do coroutine.yield(i) end end)
end
local sum = 0
for i in range(100) do sum = sum + i end
check.eq(sum, 5050, 'wrap as an iterator')
local failing = coroutine.wrap(function() error('from wrap') end)
ok, v = pcall(failing)
check.eq(ok, false) check.matches(tostring(v), 'from wrap', 'wrap raises')

-- status 'normal' for a coroutine that resumed another; a running coroutine cannot be resumed
local outer
outer = coroutine.create(function()
    local inner = coroutine.create(function()
        check.eq(coroutine.status(outer), 'normal', 'resumer status')
        local ok2, msg = coroutine.resume(outer)
        check.eq(ok2, false) check.eq(msg, 'cannot resume non-suspended coroutine')
        coroutine.yield('inner')
    end)
    check.eq(select(2, coroutine.resume(inner)), 'inner')
    coroutine.yield('outer')
end)
check.eq(select(2, coroutine.resume(outer)), 'outer', 'nested coroutines')

-- yield outside any coroutine is an error; the process's own thread is the main one
ok, v = pcall(coroutine.yield, 1)
check.eq(ok, false) check.matches(v, 'outside a coroutine')
local _, ismain = coroutine.running()
check.eq(ismain, true, 'running() in a process')

-- a coroutine may wait for messages: the whole process waits with it
local waiter = coroutine.create(function()
    local m = concurrent.receive()
    coroutine.yield(m.body)
    concurrent.sleep(5)
    return 'slept'
end)
concurrent.spawn(function(to) concurrent.send(to, { body = 'hello' }) end, main)
check.eq(select(2, coroutine.resume(waiter)), 'hello', 'receive inside a coroutine')
check.eq(select(2, coroutine.resume(waiter)), 'slept', 'sleep inside a coroutine')

-- a busy coroutine is preempted like any process code
local ticked = false
concurrent.spawn(function() ticked = true end)
local busy = coroutine.wrap(function() local t = os.clock() while not ticked and os.clock() - t < 5 do end end)
busy()
check.eq(ticked, true, 'other processes ran during a busy coroutine')

-- an exit signal ends a process that is inside a coroutine
local victim = concurrent.spawn(function()
    coroutine.wrap(function() concurrent.receive() end)()
end)
concurrent.monitor(victim)
concurrent.sleep(10)
concurrent.exit(victim, 'stop')
local down = check.receive(2000, 'DOWN of a process waiting inside a coroutine')
check.eq(down.reason, 'stop')

-- suspended coroutines are heap objects: many at once are cheap, and never finishing them is fine
local many = {}
for i = 1, 20000 do
    local c = coroutine.create(function(x) coroutine.yield(x) return x end)
    coroutine.resume(c, i)
    many[i] = c
end
check.eq(select(2, coroutine.resume(many[20000])), 20000, '20,000 suspended coroutines')
many = nil
collectgarbage()
