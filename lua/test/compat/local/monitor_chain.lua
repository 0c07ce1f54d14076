-- Each stage monitors the next; the end of the chain ripples back as DOWN messages.
require 'concurrent'

local function tail()
    print('tail got ' .. concurrent.receive())
    print('tail ends')
end

local function stage(name, nxt)
    concurrent.monitor(nxt)
    while true do
        local m = concurrent.receive()
        if type(m) == 'table' and m.signal == 'DOWN' then break end
        print(name .. ' forwards ' .. m)
        concurrent.send(nxt, m)
    end
    print(name .. ' saw DOWN and ends')
end

local s2 = concurrent.spawn(stage, 'stage2', concurrent.spawn(tail))
local s1 = concurrent.spawn(stage, 'stage1', s2)
concurrent.send(s1, 'parcel')
print('main sent parcel')
concurrent.loop()
