-- ConcurrentLua 1.1's rules that luanode follows (the reference implementation's behaviour)
require 'concurrent'
local check = require 'check'
local System = luajava.bindClass('java.lang.System')

local function millis() return System:nanoTime() / 1e6 end

-- A send never passes control: the receiver runs in its turn, after the sender waits or yields.
local ran = false
local receiver = concurrent.spawn(function() concurrent.receive() ran = true end)
concurrent.step() -- the receiver runs up to its receive
concurrent.send(receiver, 'go')
check.eq(ran, false, 'the receiver ran inside send')
concurrent.step()
check.eq(ran, true, 'the receiver ran in its turn')

-- Runnable processes run in creation order within a sweep, not in the order they were woken.
local order = {}
local first = concurrent.spawn(function() concurrent.receive() order[#order + 1] = 'first' end)
local second = concurrent.spawn(function() concurrent.receive() order[#order + 1] = 'second' end)
concurrent.step()
concurrent.send(second, 'x')
concurrent.send(first, 'x')
concurrent.step()
check.eq(table.concat(order, ' '), 'first second', 'order of a sweep')

-- loop(timeout) lets the node run for the whole timeout, even with no other process alive.
local t0 = millis()
concurrent.loop(150)
check.truthy(millis() - t0 >= 145, 'loop(150) returned after ' .. (millis() - t0) .. ' ms')

-- isalive(nil) is false: isalive(whereis(name)) once the name is gone.
check.eq(concurrent.isalive(nil), false)
check.eq(concurrent.isalive(concurrent.whereis('nobody')), false)

-- whereis of an unknown name and a receive that times out return nothing at all, as in the reference.
check.eq(select('#', concurrent.whereis('nobody')), 0, 'values from whereis')
check.eq(select('#', concurrent.receive(0)), 0, 'values from a receive that timed out')

-- tostring names every table and function apart, as C Lua's addresses do.
local seen, closures = {}, {}
for i = 1, 2000 do
    local f = function() return i end
    closures[i] = f
    local t = {}
    closures[-i] = t
    check.eq(seen[tostring(f)], nil, 'two closures printed alike')
    check.eq(seen[tostring(t)], nil, 'two tables printed alike')
    seen[tostring(f)] = true
    seen[tostring(t)] = true
end
check.matches(tostring(closures[1]), '^function: 0x%x+$')
check.matches(tostring(closures[-1]), '^table: 0x%x+$')
check.eq(tostring(closures[7]), tostring(closures[7]), 'one table, one name')
