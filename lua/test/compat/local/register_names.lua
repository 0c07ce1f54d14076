-- Names come and go; a client finds its server by name.
require 'concurrent'

local function names() print('names:', unpack(concurrent.registered())) end

local function echo(count)
    for _ = 1, count do
        local m = concurrent.receive()
        print('echo heard ' .. m.word)
        concurrent.send(m.from, { word = m.word })
    end
end

local function caller(target)
    for _, w in ipairs({ 'one', 'two', 'three', 'four' }) do
        concurrent.send(target, { from = concurrent.self(), word = w })
        local m = concurrent.receive(300)
        if not m then
            print('caller: ' .. target .. ' alive? ' .. tostring(concurrent.isalive(target)))
            return
        end
        print('caller heard back ' .. m.word)
    end
end

names()
local e = concurrent.spawn(echo, 2)
print('register echo:', concurrent.register('echo', e))
print('register echo again:', concurrent.register('echo', e))
names()
print('unregister echo:', concurrent.unregister('echo'))
print('unregister echo again:', concurrent.unregister('echo'))
names()
concurrent.register('echo', e)
concurrent.register('caller', concurrent.spawn(caller, 'echo'))
names()
concurrent.loop()
names()
