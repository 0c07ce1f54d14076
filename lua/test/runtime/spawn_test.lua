-- spawn, self, isalive/isprocessalive, arguments, spawn errors
require 'concurrent'
local check = require 'check'

local main = concurrent.self()
check.eq(erlang.type(main), 'pid', 'self() of the main chunk')
check.matches(tostring(main), '^<0%.%d+%.0>$', 'pid format')

local pid = concurrent.spawn(function(a, b, t)
    concurrent.send(main, { me = concurrent.self(), sum = a + b, nested = t.x.y })
end, 2, 3, { x = { y = 'deep' } })
check.eq(erlang.type(pid), 'pid', 'spawn returns a pid')
check.truthy(pid ~= main, 'a new pid')
check.truthy(concurrent.isalive(pid), 'alive before it ran')

local msg = check.receive()
check.eq(msg.me, pid, 'self() inside the process')
check.eq(msg.sum, 5, 'arguments reach the process')
check.eq(msg.nested, 'deep', 'table arguments reach the process')
concurrent.sleep(10)
check.eq(concurrent.isprocessalive(pid), false, 'dead after its function returned')
check.eq(concurrent.isalive(main), true, 'main is alive')

local none, err = concurrent.spawn(42)
check.eq(none, nil, 'spawn of a non-function')
check.matches(err, 'function expected', 'spawn error message')

-- arguments are copied: the child does not see later changes
local shared = { n = 1 }
local child = concurrent.spawn(function(t) concurrent.send(main, t.n) end, shared)
shared.n = 2
check.eq(check.receive(), 1, 'arguments are copied at spawn')
