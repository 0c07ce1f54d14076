require 'concurrent'

function visitor(keeper)
    concurrent.register('visitor', concurrent.self())
    concurrent.monitor(keeper)
    local n = 0
    while true do
        n = n + 1
        concurrent.send(keeper, { from = { 'visitor', 'beta@localhost' }, n = n })
        local m = concurrent.receive()
        if m.signal == 'DOWN' then break end
        print('visitor got ' .. m.n)
    end
    print('visitor saw the keeper go')
end

concurrent.spawn(visitor, { 'keeper', 'alpha@localhost' })
concurrent.init('beta@localhost')
concurrent.loop()
concurrent.shutdown()
