-- 100,000 processes waiting in receive, then all of them answering
require 'concurrent'
local check = require 'check'

local N = tonumber((...)) or 100000
local main = concurrent.self()
local pids = {}
for i = 1, N do
    pids[i] = concurrent.spawn(function()
        local m = concurrent.receive()
        concurrent.send(m, 1)
    end)
end
concurrent.step() -- all of them now wait in receive
for i = 1, N do concurrent.send(pids[i], main) end
local total = 0
for i = 1, N do total = total + check.receive(30000, 'answer ' .. i) end
check.eq(total, N, 'every process answered')
print(N .. ' processes answered')
