require 'concurrent'

function source(relay)
    concurrent.register('source', concurrent.self())
    concurrent.monitor(relay)
    for n = 1, 2 do
        concurrent.send(relay, { n = n })
        print('source sent ' .. n)
    end
    local m = concurrent.receive()
    print('source saw the relay go: ' .. m.signal)
end

concurrent.spawn(source, { 'relay', 'beta@localhost' })
concurrent.init('gamma@localhost')
concurrent.loop()
concurrent.shutdown()
