require 'concurrent'

function source(relay)
    concurrent.register('source', concurrent.self())
    concurrent.link(relay)
    for n = 1, 2 do
        concurrent.send(relay, { n = n })
        print('source sent ' .. n)
    end
    concurrent.receive()
    print('source is never woken by a message')
end

concurrent.spawn(source, { 'relay', 'beta@localhost' })
concurrent.init('gamma@localhost')
concurrent.loop()
print('gamma: the source is gone')
concurrent.shutdown()
