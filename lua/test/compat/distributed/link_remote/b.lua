require 'concurrent'

function client(server)
    concurrent.register('client', concurrent.self())
    concurrent.link(server)
    for n = 1, 10 do
        concurrent.send(server, { from = { 'client', 'beta@localhost' }, n = n })
        local m = concurrent.receive(1000)
        print('client got ' .. (m and m.n or 'nothing'))
    end
    print('client never gets here')
end

concurrent.spawn(client, { 'server', 'alpha@localhost' })
concurrent.init('beta@localhost')
concurrent.loop()
concurrent.shutdown()
