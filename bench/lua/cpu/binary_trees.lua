-- Allocation: build and walk complete binary trees of tables.
local function make(depth)
  if depth == 0 then return {} end
  depth = depth - 1
  return {make(depth), make(depth)}
end
local function count(tree)
  if tree[1] == nil then return 1 end
  return 1 + count(tree[1]) + count(tree[2])
end
local maxdepth = tonumber(arg and arg[1]) or 14
local longlived = make(maxdepth)
for depth = 4, maxdepth, 2 do
  local iterations = 2 ^ (maxdepth - depth + 4)
  local total = 0
  for _ = 1, iterations do total = total + count(make(depth)) end
  print(iterations, depth, total)
end
print(count(longlived))
