require 'concurrent'
concurrent.setoption('trapexit', true)

function client(server)
    concurrent.register('client', concurrent.self())
    concurrent.link(server)
    for n = 1, 10 do
        concurrent.send(server, { from = { 'client', 'beta@localhost' }, n = n })
        local m = concurrent.receive(1000)
        if m and m.signal == 'EXIT' then
            print('client trapped EXIT: ' .. m.reason)
            return
        end
        print('client got ' .. m.n)
    end
end

concurrent.spawn(client, { 'server', 'alpha@localhost' })
concurrent.init('beta@localhost')
concurrent.loop()
concurrent.shutdown()
