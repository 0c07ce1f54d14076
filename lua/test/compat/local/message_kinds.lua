-- Every kind of Lua value travels in a local message.
require 'concurrent'

local function show()
    local m = concurrent.receive()
    print('integer ' .. m.i .. ', float ' .. m.f .. ', string ' .. m.s)
    print('nested ' .. tostring(m.t) .. ' holds ' .. m.t[1] .. ' and ' .. m.t.key)
    print('function ' .. tostring(m.fn) .. ' says ' .. m.fn())
    print('boolean ' .. tostring(m.b))
end

local function make(to)
    concurrent.send(to, { i = 42, f = 2.5, s = 'text', b = true,
                          t = { 'first', key = 'value' },
                          fn = function() return 'hi' end })
end

concurrent.spawn(make, concurrent.spawn(show))
concurrent.loop()
