-- A process looks its partner up by name each round; once the partner has ended, whereis gives nil
-- and isalive(nil) is false.
require 'concurrent'

local function worker(count)
    for i = 1, count do
        concurrent.receive()
        print('worker did job ' .. i)
    end
    print('worker ends')
end

local function boss(name)
    local job = 0
    while concurrent.isalive(concurrent.whereis(name)) do
        job = job + 1
        concurrent.send(name, job)
        print('boss sent job ' .. job)
        concurrent.receive(100)
    end
    print('boss: ' .. name .. ' is gone, whereis finds nothing: ' .. tostring(concurrent.whereis(name) == nil))
end

concurrent.register('worker', concurrent.spawn(worker, 2))
concurrent.register('boss', concurrent.spawn(boss, 'worker'))
concurrent.loop()
print('left:', unpack(concurrent.registered()))
