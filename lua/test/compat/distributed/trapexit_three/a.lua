require 'concurrent'

function sink(count)
    concurrent.register('sink', concurrent.self())
    for _ = 1, count do
        local m = concurrent.receive()
        print('sink got ' .. m.n)
    end
    print('sink crashes')
    concurrent.exit('sink crashed')
end

concurrent.spawn(sink, 2)
concurrent.init('alpha@localhost')
concurrent.loop()
concurrent.shutdown()
