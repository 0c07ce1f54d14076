require 'concurrent'

function relay(sink)
    concurrent.register('relay', concurrent.self())
    concurrent.monitor(sink)
    while true do
        local m = concurrent.receive()
        if m.signal == 'DOWN' then break end
        print('relay passes ' .. m.n)
        concurrent.send(sink, { n = m.n })
    end
    print('relay saw the sink go')
end

concurrent.spawn(relay, { 'sink', 'alpha@localhost' })
concurrent.init('beta@localhost')
concurrent.loop()
concurrent.shutdown()
