-- Array permutations: the most pancake flips over all permutations of 0..n-1, and a checksum.
-- Permutations in the order of counted rotations; arrays indexed from 0 as in the algorithm's usual form.
local function fannkuch(n)
  local perm, perm1, count = {}, {}, {}
  for i = 0, n - 1 do perm1[i] = i end
  local maxflips, checksum, permutations = 0, 0, 0
  local r = n
  while true do
    while r ~= 1 do count[r - 1] = r; r = r - 1 end
    for i = 0, n - 1 do perm[i] = perm1[i] end
    local flips = 0
    local k = perm[0]
    while k ~= 0 do
      local i, j = 0, k
      while i < j do perm[i], perm[j] = perm[j], perm[i]; i, j = i + 1, j - 1 end
      flips = flips + 1
      k = perm[0]
    end
    if flips > maxflips then maxflips = flips end
    checksum = checksum + (permutations % 2 == 0 and flips or -flips)
    permutations = permutations + 1
    while true do
      if r == n then return checksum, maxflips end
      local first = perm1[0]
      for i = 0, r - 1 do perm1[i] = perm1[i + 1] end
      perm1[r] = first
      count[r] = count[r] - 1
      if count[r] > 0 then break end
      r = r + 1
    end
  end
end
local n = tonumber(arg and arg[1]) or 9
local checksum, flips = fannkuch(n)
print(checksum)
print("Pfannkuchen(" .. n .. ") = " .. flips)
