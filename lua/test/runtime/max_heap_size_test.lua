-- max_heap_size: a process holding more than its limit is killed (reason 'killed', which pcall cannot
-- catch), and only it; a process that allocates much but holds little lives on
require 'concurrent'
local check = require 'check'

local MB = 1024 * 1024

check.eq(concurrent.getoption('max_heap_size'), 0, 'no limit by default')
check.eq(pcall(concurrent.setoption, 'max_heap_size', 'lots'), false, 'the limit is a number of bytes')
check.eq(pcall(concurrent.setoption, 'max_heap_size', -1), false, 'and not negative')

-- A process that keeps everything it makes, inside pcall.
local function hoarder()
    concurrent.setoption('max_heap_size', 32 * MB)
    local kept = {}
    pcall(function()
        while true do kept[#kept + 1] = string.rep('x', 200) .. #kept end
    end)
    error('pcall returned: the kill was caught')
end

-- A process that makes five times its limit in garbage and holds a few kilobytes.
local function churner(main)
    concurrent.setoption('max_heap_size', 16 * MB)
    local last
    for i = 1, 1000000 do last = {i, tostring(i), {}} end
    concurrent.send(main, {churned = last[1]})
end

-- A child inherits the limit of the process that spawns it.
local function parent(main)
    concurrent.setoption('max_heap_size', 8 * MB)
    concurrent.spawn(function() concurrent.send(main, {inherited = concurrent.getoption('max_heap_size')}) end)
end

local main = concurrent.self()
local started = os.time()
local h = concurrent.spawn(hoarder)
concurrent.monitor(h)
concurrent.spawn(churner, main)
concurrent.spawn(parent, main)
local got = {}
for _ = 1, 3 do
    local m = check.receive(60000, 'the hoarder killed, the churner done, the inherited limit')
    if m.signal == 'DOWN' then
        got.down = m.reason
        print('hoarder killed after ' .. (os.time() - started) .. ' s')
    else
        for k, v in pairs(m) do got[k] = v end
    end
end
check.eq(got.down, 'killed', 'the hoarder is killed')
check.eq(got.churned, 1000000, 'garbage does not count')
check.eq(got.inherited, 8 * MB, 'a spawned process inherits the limit')
check.eq(concurrent.isalive(main), true, 'the node and the other processes go on')
