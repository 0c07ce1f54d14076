-- Thesis 5.1.4, the ping node. Usage: jnode ping.lua PONGNODE [NODE]   (default NODE: ping@<this host>)
require 'concurrent'

local pongnode, name = ...

function ping(n)
    for i = 1, n do
        concurrent.send({ 'pong', pongnode }, {
            from = { concurrent.self(), concurrent.node() },
            body = 'ping'
        })
        local msg = concurrent.receive()
        if msg.body == 'pong' then
            print('ping received pong')
        end
    end
    concurrent.send({ 'pong', pongnode }, {
        from = { concurrent.self(), concurrent.node() },
        body = 'finished'
    })
    print('ping finished')
end

concurrent.spawn(ping, 3)

concurrent.setoption('shortnames', true)
assert(concurrent.init(name or 'ping'))
concurrent.loop()
concurrent.shutdown()
