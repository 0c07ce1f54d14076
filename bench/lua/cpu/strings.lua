-- Strings: building, formatting, searching and substituting text.
local rounds = tonumber(arg and arg[1]) or 20000
local total = 0
for i = 1, rounds do
  local parts = {}
  for j = 1, 10 do parts[j] = string.format("%s-%d:%5.2f", "item", i * j, j / 3) end
  local line = table.concat(parts, ",")
  local upper = line:upper()
  local n = select(2, upper:gsub("ITEM", "x"))
  for word in line:gmatch("%d+:") do total = total + #word end
  total = total + n + (line:find("item-" .. i, 1, true) or 0) + #line:rep(2):sub(3, -3)
end
print(total)
