-- t.k, t[i] and t.k = v as C Lua 5.1 reads and writes them: compiled code takes a shorter path for
-- plain tables (CompiledTableAccess), which must mean the same as LuaJ's everywhere else
local function show(...) print(select('#', ...), ...) end

-- a value keeps its type: a numeric string stored over a number stays a string
local t = {x = 1, y = 2.5}
t.x = '5'
t.y = '0x10'
show(type(t.x), t.x, type(t.y), t.y)
t.x = 3.0
t.y = -1 / math.huge -- -0 (a -0.0 literal is folded to 0 by LuaJ's parser: docs/lua51.md)
show(t.x, t.y, t.y == 0, t.z)

-- fields set, overwritten, removed and added again (removed keys leave tombstones in the chain)
local fields = {}
for i = 1, 200 do fields['k' .. i] = i end
for i = 1, 200, 2 do fields['k' .. i] = nil end
local sum, count = 0, 0
for i = 1, 200 do
  local v = fields['k' .. i]
  if v then sum, count = sum + v, count + 1 end
end
show(sum, count, fields.k1, fields.k2)
for i = 1, 200, 4 do fields['k' .. i] = -i end
show(fields.k1, fields.k3, fields.k5, fields.k200)

-- long keys (not shared string objects) and keys made at run time
local long = string.rep('field', 10)
local keyed = {[long] = 'long'}
show(keyed[string.rep('field', 10)], keyed[long .. ''], keyed[string.rep('field', 9)])
keyed[string.rep('f', 1) .. 'ield'] = 'made'
show(keyed.field)

-- integer keys: array part, hash part, zero, negative, floats equal to integers, other floats
local a = {10, 20, 30}
a[5] = 50
a[0], a[-1], a[1.5] = 'zero', 'minus', 'half'
a[2.0] = 22
show(a[1], a[2], a[3], a[4], a[5], a[0], a[-1], a[1.5], a[3.0], #a == 3 or #a == 5)
a[1] = nil
show(a[1], a[2])
a[1] = 'again'
show(a[1])

-- __index for absent keys only; a present key is read raw
local defaults = setmetatable({}, {__index = function(_, k) return 'default ' .. tostring(k) end})
defaults.present = 'here'
show(defaults.present, defaults.absent, defaults[1], defaults[2.5])
defaults.present = nil
show(defaults.present)
local base = {greet = function(self) return 'hello ' .. self.name end, shared = 'base'}
local object = setmetatable({name = 'lua'}, {__index = base})
show(object:greet(), object.shared, object.name, rawget(object, 'shared'))
object.shared = 'own'
show(object.shared, base.shared)

-- __newindex for new keys only; a present key is set raw
local log = {}
local guarded = setmetatable({}, {__newindex = function(t, k, v)
  log[#log + 1] = tostring(k) .. '=' .. tostring(v)
  rawset(t, k, v)
end})
guarded.a = 1
guarded.a = 2
guarded[1] = 'one'
guarded[1] = 'uno'
guarded.a = nil
guarded.a = 3
show(table.concat(log, ' '), guarded.a, guarded[1])
local readonly = setmetatable({}, {__index = {k = 'v'}, __newindex = function() error('read-only', 2) end})
show(readonly.k, pcall(function() readonly.k = 'w' end))

-- weak tables read and write as others (nothing is collected here: every key is held)
local keys = {{}, {}, {}}
local weak = setmetatable({}, {__mode = 'k'})
for i, k in ipairs(keys) do weak[k] = i end
weak.name = 'weak'
show(weak[keys[1]], weak[keys[3]], weak.name, weak.missing)
local weakvalues = setmetatable({}, {__mode = 'v'})
weakvalues.t, weakvalues[1] = keys[2], keys[1]
show(weakvalues.t == keys[2], weakvalues[1] == keys[1], weakvalues.none)

-- other values indexed: strings through their metatable, errors for the rest
local s = 'text'
show(s.len == string.len, s:upper(), ('x'):rep(3))
show(pcall(function() local n = nil; return n.field end))
show(pcall(function() local n = 5; n.field = 1 end))
show(pcall(function() local b = true; return b[1] end))

-- the global table is a table too
value_in_globals = 42
show(value_in_globals, _G.value_in_globals, rawget(_G, 'value_in_globals'))
value_in_globals = nil
show(value_in_globals)
