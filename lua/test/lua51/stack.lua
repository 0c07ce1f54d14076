-- the call stack: error levels through several functions, xpcall's handler, deep recursion
local function lvl3(level) error('from level ' .. level, level) end
local function lvl2(level) lvl3(level) end
local function lvl1(level) lvl2(level) end
for level = 0, 3 do print(pcall(lvl1, level)) end
print(xpcall(function() lvl1(1) end, function(m) return 'handled: ' .. m end))
print(xpcall(function() lvl1(2) end, function(m) return type(debug.traceback()) end))
-- a recursion without end is a Lua error, "stack overflow", that pcall catches
local function down(n) return 1 + down(n + 1) end
local ok, e = pcall(down, 1)
print(ok, e)
local function deep(n) if n == 0 then return 0 end return 1 + deep(n - 1) end
print(deep(10000))
print(deep(12000))
