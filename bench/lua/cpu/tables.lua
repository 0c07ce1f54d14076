-- Tables: inserting, sorting, hashing and removing.
local rounds = tonumber(arg and arg[1]) or 60
local seed = 42
local function random()
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed
end
local sum = 0
for _ = 1, rounds do
  local list, index = {}, {}
  for i = 1, 20000 do
    local v = random() % 100000
    table.insert(list, v)
    index["k" .. v] = i
  end
  table.sort(list)
  table.sort(list, function(a, b) return a > b end)
  for i = 1, #list, 7 do sum = sum + (index["k" .. list[i]] or 0) end
  while #list > 10000 do table.remove(list) end
  sum = sum + #list
end
print(sum)
