-- Local ping-pong: two Lua processes exchange {from = pid, body = ...} messages.
-- Prints "cold_roundtrips_per_sec R" for the first N round trips of a fresh JVM (JIT still compiling),
-- then "roundtrips_per_sec R" for N more after WARM round trips of warm-up (steady state), then
-- "luaj_alone_roundtrips_per_sec R": the Lua code alone, without processes.
-- Usage: jnode pingpong.lua [N [WARM]]
require 'concurrent'
-- Wall-clock seconds, as the Erlang peer is timed: os.clock is the CPU time of the whole JVM, which also
-- counts the JIT compiler's and the collector's threads on the other cores.
local System = luajava.bindClass('java.lang.System')
local function now() return System:nanoTime() / 1e9 end
local N = tonumber((select(1, ...))) or 1000000
local WARM = tonumber((select(2, ...))) or 1000000

local function pong()
    while true do
        local m = concurrent.receive()
        if m.body == 'stop' then return end
        concurrent.send(m.from, { from = concurrent.self(), body = 'pong' })
    end
end

local p = concurrent.spawn(pong)
local me = concurrent.self()

local function rounds(n)
    local t0 = now()
    for _ = 1, n do
        concurrent.send(p, { from = me, body = 'ping' })
        concurrent.receive()
    end
    return n / (now() - t0)
end

-- The same Lua code with message passing replaced by plain function calls, in one process: what LuaJ's
-- interpreter alone allows (a ceiling for ping-pong on this Lua), measured after the same warm-up.
NOPROC = {}
local box
function NOPROC.send(_, m) box = m end
function NOPROC.receive() return box end
function NOPROC.self() return me end

local function luajAlone(n)
    local t0 = now()
    for _ = 1, n do
        NOPROC.send(p, { from = me, body = 'ping' })
        local m = NOPROC.receive() -- pong's side
        if m.body == 'stop' then return end
        NOPROC.send(m.from, { from = NOPROC.self(), body = 'pong' })
        NOPROC.receive() -- ping's side
    end
    return n / (now() - t0)
end

print(string.format('cold_roundtrips_per_sec %d', rounds(N)))
rounds(WARM)
print(string.format('roundtrips_per_sec %d', rounds(N)))
concurrent.send(p, { from = me, body = 'stop' })
luajAlone(WARM)
print(string.format('luaj_alone_roundtrips_per_sec %d', luajAlone(N)))
