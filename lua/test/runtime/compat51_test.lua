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
check.eq(_VERSION, 'Lua 5.1', '_VERSION')
local seen = {}
check.eq(table.foreach({a = 1, b = 2}, function(k, v) seen[k] = v end), nil, 'table.foreach returns nothing')
check.eq(seen.a + seen.b, 3, 'table.foreach visits every pair')
check.eq(table.foreachi({'x', 'y', 'z'}, function(i, v) if v == 'y' then return i end end), 2,
    'table.foreachi stops at a value')
check.eq(pcall(table.setn, {}, 1), false, 'table.setn is obsolete, as in 5.1')
check.eq(type(gcinfo()), 'number', 'gcinfo')
local p = newproxy(true)
check.eq(type(p), 'userdata', 'newproxy')
getmetatable(p).__index = function() return 'proxied' end
check.eq(p.anything, 'proxied', 'newproxy(true) has a metatable of its own')
check.eq(getmetatable(newproxy(p)), getmetatable(p), 'newproxy(proxy) shares its metatable')
check.eq(getmetatable(newproxy()), nil, 'newproxy() has none')
-- require 'concurrent' sets the global as 5.1 modules do
local c = require 'concurrent'
check.eq(c, concurrent, 'require sets the global')
check.eq(type(concurrent._VERSION), 'string', "luanode's own version")
