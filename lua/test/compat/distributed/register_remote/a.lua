require 'concurrent'

local function names() print('names:', unpack(concurrent.registered())) end

function keeper(count)
    names()
    concurrent.register('keeper', concurrent.self())
    names()
    for i = 1, count do
        local m = concurrent.receive()
        print('keeper got ' .. m.n)
        concurrent.send(m.from, { n = m.n })
    end
    names()
    concurrent.unregister('keeper')
    names()
    print('keeper ends')
end

concurrent.spawn(keeper, 2)
concurrent.init('alpha@localhost')
concurrent.loop()
concurrent.shutdown()
