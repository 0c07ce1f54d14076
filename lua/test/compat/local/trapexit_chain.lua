-- Trapping stages turn a crash at the end of the chain into EXIT messages, each passing it on by
-- exiting in turn.
require 'concurrent'
concurrent.setoption('trapexit', true)

local function tail()
    print('tail got ' .. concurrent.receive())
    concurrent.exit('tail failed')
end

local function stage(name, nxt)
    concurrent.link(nxt)
    while true do
        local m = concurrent.receive()
        if type(m) == 'table' and m.signal == 'EXIT' then
            print(name .. ' trapped ' .. m.reason)
            break
        end
        print(name .. ' forwards ' .. m)
        concurrent.send(nxt, m)
    end
    concurrent.exit(name .. ' failed')
end

local s2 = concurrent.spawn(stage, 'stage2', concurrent.spawn(tail))
local s1 = concurrent.spawn(stage, 'stage1', s2)
concurrent.send(s1, 'parcel')
concurrent.loop()
