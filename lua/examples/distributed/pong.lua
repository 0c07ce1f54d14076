-- Thesis 5.1.4, the pong node. Usage: jnode pong.lua [NODE]   (default: pong@<this host>)
-- Its peer may be ping.lua on another jnode, or the Erlang ping in erlang-test/src/thesis_pingpong.erl.
require 'concurrent'

function pong()
    while true do
        local msg = concurrent.receive()
        if msg.body == 'finished' then
            break
        elseif msg.body == 'ping' then
            print('pong received ping')
            concurrent.send(msg.from, { body = 'pong' })
        end
    end
    print('pong finished')
end

concurrent.setoption('shortnames', true)
assert(concurrent.init(... or 'pong'))
pid = concurrent.spawn(pong)
concurrent.register('pong', pid)
concurrent.loop()
concurrent.shutdown()
