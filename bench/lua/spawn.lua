-- Spawns N processes that wait in receive. Prints the spawn rate and the heap bytes per waiting process,
-- first for a fresh JVM ("cold_"), then (unless WARM is 0) for N more after WARM processes were spawned
-- and ended (JIT warmed up). Usage: jnode spawn.lua N [WARM]
require 'concurrent'
local N = tonumber((select(1, ...))) or 100000
local WARM = tonumber((select(2, ...))) or 0
local System = luajava.bindClass('java.lang.System')
local Runtime = luajava.bindClass('java.lang.Runtime')
-- Wall-clock seconds, as the Erlang peer is timed: os.clock is the CPU time of the whole JVM, which also
-- counts the JIT compiler's and the collector's threads on the other cores.
local function now() return System:nanoTime() / 1e9 end

local function used()
    for _ = 1, 3 do System:gc() end
    local r = Runtime:getRuntime()
    return r:totalMemory() - r:freeMemory()
end

local function waiter() concurrent.receive() end

-- Spawns n waiting processes; returns spawns/s, bytes per process, and the pids.
local function spawnWaiting(n)
    local pids = {}
    local before = used()
    local t0 = now()
    for i = 1, n do pids[i] = concurrent.spawn(waiter) end
    concurrent.step() -- every new process runs up to its receive
    local t = now() - t0
    return n / t, (used() - before) / n, pids
end

local rate, bytes, pids = spawnWaiting(N)
print(string.format('cold_spawns_per_sec %d', rate))
print(string.format('cold_bytes_per_process %d', bytes))
if WARM > 0 then
    for _, pid in ipairs(pids) do concurrent.send(pid, 'end') end
    pids = nil
    concurrent.step()
    local _, _, warm = spawnWaiting(WARM)
    for _, pid in ipairs(warm) do concurrent.send(pid, 'end') end
    warm = nil
    concurrent.step()
    rate, bytes = spawnWaiting(N)
    print(string.format('spawns_per_sec %d', rate))
    print(string.format('bytes_per_process %d', bytes))
end
