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
-- function environments
local function reads() return answer end
check.eq(getfenv(reads), _G, 'getfenv of a function is its globals')
check.eq(getfenv(), _G, 'getfenv() is the caller\'s')
local sandbox = {answer = 42}
check.eq(setfenv(reads, sandbox), reads, 'setfenv returns the function')
check.eq(reads(), 42, 'setfenv changes where a function reads globals')
check.eq(getfenv(reads), sandbox, 'getfenv sees the new table')
local function other() return answer end
check.eq(other(), nil, 'other closures keep theirs')
check.eq(pcall(setfenv, print, {}), false, 'a Java function has no environment to set')
local loaded = loadstring("module('compat51_mod', package.seeall) function twice(x) return 2 * x end")
loaded()
check.eq(compat51_mod.twice(21), 42, 'module makes a module table of the chunk\'s globals')
check.eq(package.loaded.compat51_mod, compat51_mod, 'module registers it in package.loaded')
check.eq(compat51_mod._NAME, 'compat51_mod', 'module sets _NAME')
check.eq(rawget(_G, 'twice'), nil, 'the globals went to the module, not _G')
check.eq(package.loaders, package.searchers, 'package.loaders')
-- require 'concurrent' sets the global as 5.1 modules do
local c = require 'concurrent'
check.eq(c, concurrent, 'require sets the global')
check.eq(type(concurrent._VERSION), 'string', "luanode's own version")
