-- send and receive: return values, order, timeouts, copies, functions and cycles in messages
require 'concurrent'
local check = require 'check'

local main = concurrent.self()

check.eq(concurrent.send(main, 'to myself'), true, 'send returns true')
check.eq(concurrent.receive(), 'to myself', 'a message to oneself')

for i = 1, 5 do concurrent.send(main, i) end
for i = 1, 5 do check.eq(concurrent.receive(0), i, 'messages in the order sent') end

check.eq(concurrent.receive(0), nil, 'receive(0) on an empty mailbox')
local before = os.clock()
local t0 = os.time()
check.eq(concurrent.receive(50), nil, 'receive timeout returns nil')

local dead = concurrent.spawn(function() end)
concurrent.sleep(10)
check.eq(concurrent.send(dead, 'hello'), false, 'send to a dead pid returns false')
check.eq(concurrent.send('nobody', 'hello'), false, 'send to an unknown name returns false')

-- messages are copies
local echo = concurrent.spawn(function()
    local m = concurrent.receive()
    m.payload.changed = true
    concurrent.send(m.from, m)
end)
local payload = { changed = false }
concurrent.send(echo, { from = main, payload = payload })
local back = check.receive()
check.eq(payload.changed, false, "the sender's table is not changed by the receiver")
check.eq(back.payload.changed, true, 'the receiver got its own copy')

-- functions and cyclic tables travel between local processes
local runner = concurrent.spawn(function()
    local m = concurrent.receive()
    concurrent.send(m.from, { result = m.fn(20, 22), cyclic = (m.cycle.self == m.cycle) })
end)
local cycle = {}
cycle.self = cycle
concurrent.send(runner, { from = main, fn = function(a, b) return a + b end, cycle = cycle })
local r = check.receive()
check.eq(r.result, 42, 'a function sent in a message runs in the receiver')
check.eq(r.cyclic, true, 'a cyclic table arrives as a cyclic copy')

-- Erlang values survive local messages
local tup = erlang.tuple(erlang.atom('ok'), erlang.float(3))
concurrent.send(main, tup)
local got = concurrent.receive()
check.eq(erlang.type(got), 'tuple', 'tuple kind kept')
check.eq(got[1], erlang.atom('ok'), 'atom kept')
check.eq(tostring(got[2]), '3.0', 'float kept')

-- send to a registered name and to {name, node}
concurrent.register('me', main)
check.eq(concurrent.send('me', 'by name'), true)
check.eq(concurrent.receive(), 'by name')
check.eq(concurrent.send({ 'me', concurrent.node() }, 'by name and node'), true)
check.eq(concurrent.receive(), 'by name and node')
check.eq(concurrent.send({ main, concurrent.node() }, 'by pid and node'), true)
check.eq(concurrent.receive(), 'by pid and node')
