-- A server exits with a reason after two requests; its linked client dies with it, mid-loop.
require 'concurrent'

local function server(count)
    for _ = 1, count do
        local m = concurrent.receive()
        print('server answers ' .. m.n)
        concurrent.send(m.from, { n = m.n })
    end
    print('server quits')
    concurrent.exit('quit')
end

local function client(srv)
    concurrent.link(srv)
    for n = 1, 10 do
        concurrent.send(srv, { from = concurrent.self(), n = n })
        local m = concurrent.receive(500)
        print('client got ' .. (m and m.n or 'nothing'))
    end
    print('client never gets here')
end

concurrent.spawn(client, concurrent.spawn(server, 2))
concurrent.loop()
