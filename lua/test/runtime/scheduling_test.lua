-- sleep, loop with timeout, interrupt, step, tick, options
require 'concurrent'
local check = require 'check'

local main = concurrent.self()

local t0 = os.time()
local clock = os.clock
local start = os.clock()
concurrent.sleep(30)

-- loop(timeout) returns when the timeout expires although processes live
local sleeper = concurrent.spawn(function() concurrent.receive() end)
concurrent.loop(50)
check.eq(concurrent.isalive(sleeper), true, 'loop(timeout) returned while a process lives')

-- interrupt() makes loop() return
concurrent.spawn(function() concurrent.sleep(20) concurrent.interrupt() end)
concurrent.loop()
check.eq(concurrent.isalive(sleeper), true, 'interrupted loop')

-- loop() returns once every other process has ended
concurrent.send(sleeper, 'bye')
concurrent.spawn(function() concurrent.sleep(20) end)
concurrent.loop()
check.eq(concurrent.isalive(sleeper), false, 'loop ends with the last process')

-- step() lets runnable processes run
local ran = false
concurrent.spawn(function() ran = true end)
check.eq(ran, false, 'a new process waits for its turn')
concurrent.step()
check.eq(ran, true, 'step() ran it')
concurrent.tick()

-- options: defaults, set, get, inherited by spawned processes
check.eq(concurrent.getoption('trapexit'), false, 'trapexit defaults to false')
check.eq(concurrent.getoption('tick'), 10)
concurrent.setoption('trapexit', true)
check.eq(concurrent.getoption('trapexit'), true)
concurrent.spawn(function() concurrent.send(main, concurrent.getoption('trapexit')) end)
check.eq(check.receive(), true, 'options are inherited at spawn')
concurrent.spawn(function()
    concurrent.setoption('trapexit', false)
    concurrent.send(main, 'set')
end)
check.receive()
check.eq(concurrent.getoption('trapexit'), true, "a child's option is its own")
concurrent.setoption('custom', 'x')
check.eq(concurrent.getoption('custom'), 'x')
