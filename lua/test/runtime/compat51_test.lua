-- Lua 5.1 globals that ConcurrentLua programs use
local check = require 'check'

check.eq(select('#', unpack({1, 2, 3})), 3, 'unpack')
check.eq(loadstring('return 1 + 1')(), 2, 'loadstring')
check.eq(table.getn({1, 2, 3}), 3, 'table.getn')
check.eq(table.maxn({[1] = 1, [7] = 2}), 7, 'table.maxn')
check.eq(math.pow(2, 10), 1024, 'math.pow')
check.eq(math.mod(7, 3), 1, 'math.mod')
check.eq(math.log10(1000), 3, 'math.log10')
local words = {}
for w in string.gfind('a b c', '%a') do words[#words + 1] = w end
check.eq(#words, 3, 'string.gfind')
-- require 'concurrent' sets the global as 5.1 modules do
local c = require 'concurrent'
check.eq(c, concurrent, 'require sets the global')
