-- return f(...): errors of library functions in tail position are placed in the returning function
-- (C Lua calls C functions in place); tail calls into Lua functions run in constant stack.
local function show(...) print(select('#', ...), ...) end
show(pcall(function() return error('tail error') end))
show(pcall(function() return error('tail error, level 0', 0) end))
local function reporter() return error('tail error, level 2', 2) end
show(pcall(function() local v = reporter() return v end))
show(pcall(function() return ('x'):bad() end))
show(pcall(function() return string.rep() end))
show(pcall(function() return string.format('%d', {}) end))
show(pcall(function() return math.floor('a') end))
show(pcall(function() local t = {} return t.missing(1) end))
show(pcall(function() return setmetatable({}, {__call = function(_, x) return error('in __call ' .. x) end})(7) end))
-- results pass through: several values, none, a nil in the middle
show((function() return string.byte('abc', 1, 3) end)())
show((function() return select('#') end)())
show((function() return pcall(function() return 1, nil, 3 end) end)())
show((function() return unpack({}) end)())
-- tail recursion does not grow the stack, in Lua functions and through a library function between
local function count(n, acc) if n == 0 then return acc end return count(n - 1, acc + 1) end
show(count(200000, 0))
local function down(n) if n == 0 then return 'bottom' end return down(n - 1) end
show(pcall(down, 100000))
-- a coroutine's body returning a library call
local co = coroutine.create(function(a) return string.upper(coroutine.yield(a)) end)
show(coroutine.resume(co, 'first'))
show(coroutine.resume(co, 'second'))
show(coroutine.resume(co))
-- a deep chain of tail calls that ends in an error: placed where the error was raised
local function last() return error('end of chain') end
local function chain(n) if n == 0 then return last() end return chain(n - 1) end
show(pcall(chain, 1000))
