require 'concurrent'

function show()
    concurrent.register('show', concurrent.self())
    local m = concurrent.receive()
    print('integer ' .. m.i .. ', float ' .. m.f .. ', string ' .. m.s .. ', boolean ' .. tostring(m.b))
    print('nested holds ' .. m.t[1] .. ' and ' .. m.t.key)
end

concurrent.spawn(show)
concurrent.init('alpha@localhost')
concurrent.loop()
concurrent.shutdown()
