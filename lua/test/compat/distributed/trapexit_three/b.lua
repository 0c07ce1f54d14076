require 'concurrent'
concurrent.setoption('trapexit', true)

function relay(sink)
    concurrent.register('relay', concurrent.self())
    concurrent.link(sink)
    while true do
        local m = concurrent.receive()
        if m.signal == 'EXIT' then
            print('relay trapped: ' .. m.reason)
            break
        end
        print('relay passes ' .. m.n)
        concurrent.send(sink, { n = m.n })
    end
    concurrent.exit('relay gave up')
end

concurrent.spawn(relay, { 'sink', 'alpha@localhost' })
concurrent.init('beta@localhost')
concurrent.loop()
concurrent.shutdown()
