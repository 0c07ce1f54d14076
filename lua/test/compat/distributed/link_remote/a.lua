require 'concurrent'

function server(count)
    concurrent.register('server', concurrent.self())
    for _ = 1, count do
        local m = concurrent.receive()
        print('server answers ' .. m.n)
        concurrent.send(m.from, { n = m.n })
    end
    local m = concurrent.receive()
    print('server quits instead of answering ' .. m.n)
    concurrent.exit('quit')
end

concurrent.spawn(server, 2)
concurrent.init('alpha@localhost')
concurrent.loop()
concurrent.shutdown()
