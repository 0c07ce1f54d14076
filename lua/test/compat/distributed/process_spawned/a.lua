require 'concurrent'

function counter(limit)
    for i = 1, limit do
        local m = concurrent.receive()
        print('counter counts ' .. i)
        concurrent.send(m.from, i)
    end
    print('counter reached its limit')
end

function asker(target)
    for _ = 1, 5 do
        concurrent.send(target, { from = concurrent.self() })
        local m = concurrent.receive(1000)
        if not m then break end
        print('asker heard ' .. m)
    end
    print('asker done')
end

concurrent.init('alpha@localhost')
concurrent.loop(10000)
print('alpha served its 10 seconds')
concurrent.shutdown()
