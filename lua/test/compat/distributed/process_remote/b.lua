require 'concurrent'

function client(server)
    concurrent.register('client', concurrent.self())
    local n = 0
    while true do
        n = n + 1
        concurrent.send(server, { from = { 'client', 'beta@localhost' }, n = n })
        print('client asked ' .. n)
        local m = concurrent.receive(1000)
        if not m then break end
        print('client got answer ' .. m.n)
    end
    print('client stops: no answer')
end

concurrent.spawn(client, { 'server', 'alpha@localhost' })
concurrent.init('beta@localhost')
concurrent.loop()
concurrent.shutdown()
