require 'concurrent'

function client(server)
    concurrent.register('client', concurrent.self())
    concurrent.monitornode('alpha@localhost')
    for n = 1, 10 do
        concurrent.send(server, { from = { 'client', 'beta@localhost' }, n = n })
        local m = concurrent.receive()
        if m.signal == 'NODEDOWN' then
            print('client saw alpha go down')
            return
        end
        print('client got ' .. m.n)
    end
end

concurrent.spawn(client, { 'server', 'alpha@localhost' })
concurrent.init('beta@localhost')
concurrent.loop()
concurrent.shutdown()
