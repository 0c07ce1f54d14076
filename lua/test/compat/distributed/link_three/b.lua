require 'concurrent'

function relay(sink)
    concurrent.register('relay', concurrent.self())
    concurrent.link(sink)
    while true do
        local m = concurrent.receive()
        print('relay passes ' .. m.n)
        concurrent.send(sink, { n = m.n })
    end
end

concurrent.spawn(relay, { 'sink', 'alpha@localhost' })
concurrent.init('beta@localhost')
concurrent.loop()
print('beta: the relay is gone')
concurrent.shutdown()
