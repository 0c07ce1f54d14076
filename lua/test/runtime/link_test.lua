-- links: abnormal exits kill linked processes, normal exits do not, trapexit turns signals into messages
require 'concurrent'
local check = require 'check'

local main = concurrent.self()
concurrent.setoption('trapexit', true)

-- a crash with trapexit: the main process gets an EXIT message with the reason
local crasher = concurrent.spawnlink(function() error('boom') end)
local msg = check.receive(2000, 'EXIT from a crashed process')
check.eq(msg.signal, 'EXIT')
check.eq(msg.from, crasher)
check.matches(msg.reason, 'boom', 'EXIT reason carries the error')
check.matches(msg.reason, 'stack traceback', 'EXIT reason carries a traceback')

-- normal exit of a linked process: trapping processes get EXIT with reason 'normal'
local quiet = concurrent.spawnlink(function() end)
msg = check.receive(2000, 'EXIT normal')
check.eq(msg.reason, 'normal')
check.eq(msg.from, quiet)

-- exit in a linked chain: a - b - c; c exits abnormally, a and b (not trapping) die with its reason
local function chain_member(next_pid)
    concurrent.setoption('trapexit', false)
    if next_pid then concurrent.link(next_pid) end
    concurrent.receive()
end
local c = concurrent.spawn(function()
    concurrent.setoption('trapexit', false)
    concurrent.receive()
    concurrent.exit('chain broken')
end)
local b = concurrent.spawn(chain_member, c)
local a = concurrent.spawn(chain_member, b)
local ma = concurrent.monitor(a)
local mb = concurrent.monitor(b)
local mc = concurrent.monitor(c)
concurrent.sleep(10)
concurrent.send(c, 'go')
local downs = {}
for i = 1, 3 do
    local d = check.receive(2000, 'DOWN in the chain')
    check.eq(d.signal, 'DOWN')
    downs[tostring(d.from)] = d.reason
end
check.eq(downs[tostring(a)], 'chain broken', 'a died with the reason of c')
check.eq(downs[tostring(b)], 'chain broken', 'b died with the reason of c')
check.eq(downs[tostring(c)], 'chain broken', 'c exited with its reason')

-- a normal exit does not kill a linked, non-trapping process
local survivor = concurrent.spawn(function()
    concurrent.setoption('trapexit', false)
    local partner = concurrent.spawn(function() concurrent.receive() end)
    concurrent.link(partner)
    concurrent.send(partner, 'finish normally')
    concurrent.sleep(20)
    concurrent.send(main, 'survived')
end)
check.eq(check.receive(2000, 'survivor'), 'survived', 'normal exit does not propagate')

-- unlink: no signal after unlinking
local unlinked = concurrent.spawnlink(function() concurrent.receive() concurrent.exit('bad') end)
concurrent.unlink(unlinked)
concurrent.send(unlinked, 'go')
check.eq(concurrent.receive(100), nil, 'no EXIT after unlink')

-- link to a dead process: an exit signal 'noproc'
local gone = concurrent.spawn(function() end)
concurrent.sleep(10)
concurrent.link(gone)
msg = check.receive(2000, 'noproc EXIT')
check.eq(msg.reason, 'noproc')

-- exit(pid, 'kill') cannot be trapped; linked processes see 'killed'
local victim = concurrent.spawn(function()
    concurrent.setoption('trapexit', true)
    concurrent.link(main)
    concurrent.receive()
end)
concurrent.sleep(10)
concurrent.exit(victim, 'kill')
msg = check.receive(2000, 'killed')
check.eq(msg.signal, 'EXIT')
check.eq(msg.reason, 'killed')

-- exit(pid, reason) to a trapping process arrives as a message
local trapper = concurrent.spawn(function()
    concurrent.setoption('trapexit', true)
    local m = concurrent.receive()
    concurrent.send(main, m.reason)
end)
concurrent.sleep(10)
concurrent.exit(trapper, 'please stop')
check.eq(check.receive(), 'please stop', 'a trapped exit signal is a message')
