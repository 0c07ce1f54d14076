-- Local ping-pong: two Lua processes exchange {from = pid, body = ...} N times.
-- Prints "roundtrips_per_sec R". Usage: jnode pingpong.lua [N]
require 'concurrent'
local N = tonumber((...)) or 200000

local function pong()
    while true do
        local m = concurrent.receive()
        if m.body == 'stop' then return end
        concurrent.send(m.from, { from = concurrent.self(), body = 'pong' })
    end
end

local p = concurrent.spawn(pong)
local me = concurrent.self()
for _ = 1, 1000 do concurrent.send(p, { from = me, body = 'ping' }) concurrent.receive() end -- warm-up
local t0 = os.clock()
for _ = 1, N do
    concurrent.send(p, { from = me, body = 'ping' })
    concurrent.receive()
end
local t = os.clock() - t0
concurrent.send(p, { from = me, body = 'stop' })
print(string.format('roundtrips_per_sec %.0f', N / t))
