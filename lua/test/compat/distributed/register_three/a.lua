require 'concurrent'

local function names(when) print(when .. ':', unpack(concurrent.registered())) end

function sink(count)
    names('sink starts')
    concurrent.register('sink', concurrent.self())
    for _ = 1, count do
        local m = concurrent.receive()
        print('sink got ' .. m.n)
    end
    names('sink has all')
    concurrent.unregister('sink')
    names('sink unregistered')
    print('sink ends')
end

concurrent.spawn(sink, 2)
concurrent.init('alpha@localhost')
concurrent.loop()
concurrent.shutdown()
