require 'concurrent'

function server(count)
    concurrent.register('server', concurrent.self())
    for i = 1, count do
        local m = concurrent.receive()
        print('server answers request ' .. m.n)
        concurrent.send(m.from, { n = m.n })
    end
    print('server done')
end

concurrent.spawn(server, 3)
concurrent.init('alpha@localhost')
concurrent.loop()
concurrent.shutdown()
