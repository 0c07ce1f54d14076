-- Spawns N processes that wait in receive. Prints spawn rate and heap bytes per waiting process.
-- Usage: jnode spawn.lua N
require 'concurrent'
local N = tonumber((...)) or 100000
local System = luajava.bindClass('java.lang.System')
local Runtime = luajava.bindClass('java.lang.Runtime')

local function used()
    for _ = 1, 3 do System:gc() end
    local r = Runtime:getRuntime()
    return r:totalMemory() - r:freeMemory()
end

local function waiter() concurrent.receive() end
local pids = {}
local before = used()
local t0 = os.clock()
for i = 1, N do pids[i] = concurrent.spawn(waiter) end
concurrent.step() -- every new process runs up to its receive
local t = os.clock() - t0
local after = used()
print(string.format('spawns_per_sec %.0f', N / t))
print(string.format('bytes_per_process %.0f', (after - before) / N))
