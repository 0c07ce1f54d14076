-- A client monitors its server and stops at its DOWN.
require 'concurrent'

local function server(count)
    for _ = 1, count do
        local m = concurrent.receive()
        print('server answers ' .. m.n)
        concurrent.send(m.from, { n = m.n })
    end
    print('server done')
end

local function client(srv)
    concurrent.monitor(srv)
    local n = 0
    while true do
        n = n + 1
        concurrent.send(srv, { from = concurrent.self(), n = n })
        local m = concurrent.receive(500)
        if m and m.signal == 'DOWN' then
            print('client saw DOWN with reason ' .. tostring(m.reason))
            break
        end
        print('client got ' .. m.n)
    end
end

concurrent.spawn(client, concurrent.spawn(server, 2))
concurrent.loop()
