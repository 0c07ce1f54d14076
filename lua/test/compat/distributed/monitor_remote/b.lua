require 'concurrent'

function client(server)
    concurrent.monitor(server)
    for n = 1, 5 do
        concurrent.send(server, { from = { 'client', 'beta@localhost' }, n = n })
        local m = concurrent.receive(1000)
        if m and m.signal == 'DOWN' then
            print('client saw DOWN')
            return
        end
        print('client got ' .. m.n)
    end
end

concurrent.register('client', concurrent.spawn(client, { 'server', 'alpha@localhost' }))
concurrent.init('beta@localhost')
concurrent.loop()
concurrent.shutdown()
