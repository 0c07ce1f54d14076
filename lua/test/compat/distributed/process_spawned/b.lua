require 'concurrent'

concurrent.init('beta@localhost')
local c = concurrent.spawn('alpha@localhost', 'counter', 2)
print('spawned a counter on alpha: ' .. tostring(c ~= nil))
concurrent.spawn('alpha@localhost', 'asker', c)
concurrent.loop()
concurrent.shutdown()
