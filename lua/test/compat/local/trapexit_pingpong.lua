-- With trapexit set, a linked server's exit arrives as an EXIT message.
require 'concurrent'
concurrent.setoption('trapexit', true)

local function server(count)
    for _ = 1, count do
        local m = concurrent.receive()
        print('server answers ' .. m.n)
        concurrent.send(m.from, { n = m.n })
    end
    concurrent.exit('done serving')
end

local function client(srv)
    concurrent.link(srv)
    local n = 0
    while true do
        n = n + 1
        concurrent.send(srv, { from = concurrent.self(), n = n })
        local m = concurrent.receive(500)
        if m and m.signal == 'EXIT' then
            print('client trapped EXIT: ' .. m.reason)
            break
        end
        print('client got ' .. m.n)
    end
end

concurrent.spawn(client, concurrent.spawn(server, 3))
concurrent.loop()
