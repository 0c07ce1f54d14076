-- a crashing process never takes the node down; a busy loop does not freeze the others
require 'concurrent'
local check = require 'check'

local main = concurrent.self()

for i = 1, 20 do
    concurrent.spawn(function() error('crash ' .. i) end)
end
concurrent.spawn(function() local function f() return f() + 1 end f() end) -- stack overflow
concurrent.sleep(50)
check.eq(concurrent.isalive(main), true, 'the node survives crashing processes')

-- preemption: a process that never calls receive does not starve the others
local spinner = concurrent.spawn(function()
    local n = 0
    while true do n = n + 1 end
end)
local ticks = 0
local ticker = concurrent.spawn(function()
    for i = 1, 5 do
        concurrent.sleep(1)
        ticks = ticks + 1
    end
    concurrent.send(main, 'ticked')
end)
check.eq(check.receive(5000, 'the ticker despite a spinning process'), 'ticked')
check.eq(ticks, 5)

-- and an exit signal reaches a busy process
concurrent.monitor(spinner)
concurrent.exit(spinner, 'kill')
local d = check.receive(5000, 'DOWN of the spinner')
check.eq(d.reason, 'killed', 'a busy loop can be killed')

-- errors inside pcall are the process's own business
local ok, err = pcall(error, 'caught')
check.eq(ok, false)
check.eq(concurrent.isalive(main), true)
