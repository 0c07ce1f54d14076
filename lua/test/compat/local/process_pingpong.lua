-- A server answers three requests and ends; its client notices through isalive once a request times out.
require 'concurrent'

local function server(count)
    for _ = 1, count do
        local request = concurrent.receive()
        print('server got request ' .. request.n)
        concurrent.send(request.client, { n = request.n })
        print('server answered ' .. request.n)
    end
end

local function client(srv)
    local n = 0
    while true do
        n = n + 1
        concurrent.send(srv, { client = concurrent.self(), n = n })
        print('client asked ' .. n)
        local answer = concurrent.receive(500)
        if not answer and not concurrent.isalive(srv) then
            print('client gives up: server gone')
            concurrent.exit()
        end
        print('client got answer ' .. answer.n)
    end
end

local srv = concurrent.spawn(server, 3)
concurrent.spawn(client, srv)
concurrent.loop()
