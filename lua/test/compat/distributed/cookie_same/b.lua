require 'concurrent'

function client(server)
    concurrent.register('client', concurrent.self())
    for n = 1, 5 do
        concurrent.send(server, { from = { 'client', 'beta@localhost' }, n = n })
        local m = concurrent.receive(1000)
        if not m then break end
        print('client got ' .. m.n)
    end
    print('client ends')
end

concurrent.spawn(client, { 'server', 'alpha@localhost' })
concurrent.init('beta@localhost')
concurrent.setcookie('shared_secret')
concurrent.loop()
concurrent.shutdown()
