-- Local ping-pong: two Lua processes exchange {from = pid, body = ...} messages.
-- Prints "cold_roundtrips_per_sec R" for the first N round trips of a fresh JVM (JIT still compiling),
-- then "roundtrips_per_sec R" for N more after WARM round trips of warm-up (steady state).
-- Usage: jnode pingpong.lua [N [WARM]]
require 'concurrent'
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
    local t0 = os.clock()
    for _ = 1, n do
        concurrent.send(p, { from = me, body = 'ping' })
        concurrent.receive()
    end
    return n / (os.clock() - t0)
end

print(string.format('cold_roundtrips_per_sec %d', rounds(N)))
rounds(WARM)
print(string.format('roundtrips_per_sec %d', rounds(N)))
concurrent.send(p, { from = me, body = 'stop' })
