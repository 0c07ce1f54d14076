-- monitors: DOWN on normal and abnormal exit, noproc for dead processes, demonitor, spawnmonitor
require 'concurrent'
local check = require 'check'

local main = concurrent.self()

local worker = concurrent.spawn(function() concurrent.receive() end)
local ref = concurrent.monitor(worker)
check.eq(erlang.type(ref), 'ref', 'monitor returns a reference')
concurrent.send(worker, 'stop')
local d = check.receive(2000, 'DOWN normal')
check.eq(d.signal, 'DOWN')
check.eq(d.from, worker)
check.eq(d.reason, 'normal', 'DOWN on normal exit')
check.eq(d.ref, ref)

local dead = concurrent.spawn(function() end)
concurrent.sleep(10)
concurrent.monitor(dead)
d = check.receive(2000, 'DOWN noproc')
check.eq(d.reason, 'noproc', 'monitor of a dead process')
check.eq(d.from, dead)

concurrent.monitor('no_such_name')
d = check.receive(2000, 'DOWN noproc by name')
check.eq(d.reason, 'noproc', 'monitor of an unknown name')

local crasher = concurrent.spawn(function() concurrent.receive() local x = nil; return x.field end)
concurrent.monitor(crasher)
concurrent.send(crasher, 'go')
d = check.receive(2000, 'DOWN error')
check.matches(d.reason, 'attempt to index', 'DOWN reason carries the Lua error')

local quiet = concurrent.spawn(function() concurrent.receive() end)
concurrent.monitor(quiet)
check.eq(concurrent.demonitor(quiet), true, 'demonitor by process')
concurrent.send(quiet, 'stop')
check.eq(concurrent.receive(100), nil, 'no DOWN after demonitor')

local quiet2 = concurrent.spawn(function() concurrent.receive() end)
local r2 = concurrent.monitor(quiet2)
check.eq(concurrent.demonitor(r2), true, 'demonitor by reference')
check.eq(concurrent.demonitor(r2), false, 'demonitor twice')
concurrent.send(quiet2, 'stop')
check.eq(concurrent.receive(100), nil, 'no DOWN after demonitor by ref')

local pid, mref = concurrent.spawnmonitor(function() concurrent.exit('done') end)
d = check.receive(2000, 'DOWN from spawnmonitor')
check.eq(d.from, pid)
check.eq(d.ref, mref)
check.eq(d.reason, 'done')

-- a monitor does not kill the monitoring process
check.eq(concurrent.isalive(main), true)
