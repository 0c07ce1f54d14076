-- closures: loop variables, locals assigned in loops, shared upvalues (where Lua-to-bytecode compilers have gone wrong)
local t = {}
for i = 1, 3 do t[i] = function() return i end end
print(t[1](), t[2](), t[3]())
local u = {}
for _, v in ipairs({'a', 'b'}) do u[#u + 1] = function() return v end end
print(u[1](), u[2]())
for i = 1, 1 do
  local ca
  for v = 1, 1 do if v then ca = v end end
  assert(ca)
  print((function() return ca end)())
end
local z1
local i = 1
while i <= 2 do
  local j = i
  z1 = z1 or function() return j end
  i = i + 1
end
print(z1())
local upvalue
local function closure() return upvalue end
for k = 1, 2 do
  if k == 2 then upvalue = 'set' else for a = 1, 1 do for b in pairs({1}) do upvalue = (upvalue or 0) end end end
end
print(closure())
local fs = {}
local x = 0
repeat
  local y = x
  fs[#fs + 1] = function() y = y + 1; return y end
  x = x + 1
until x == 2
print(fs[1](), fs[1](), fs[2]())
local function counter() local c = 0; return function() c = c + 1; return c end end
local c1, c2 = counter(), counter()
print(c1(), c1(), c2())
