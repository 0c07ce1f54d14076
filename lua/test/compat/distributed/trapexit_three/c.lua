require 'concurrent'
concurrent.setoption('trapexit', true)

function source(relay)
    concurrent.register('source', concurrent.self())
    concurrent.link(relay)
    for n = 1, 2 do
        concurrent.send(relay, { n = n })
        print('source sent ' .. n)
    end
    local m = concurrent.receive()
    print('source trapped: ' .. m.reason)
end

concurrent.spawn(source, { 'relay', 'beta@localhost' })
concurrent.init('gamma@localhost')
concurrent.loop()
concurrent.shutdown()
