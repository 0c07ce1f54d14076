-- Nested loops over arrays: the spectral norm of an infinite matrix, by power iteration.
local function a(i, j)
  local ij = i + j - 1
  return 1.0 / (ij * (ij - 1) * 0.5 + i)
end
local function times(out, v, n, transposed)
  for i = 1, n do
    local sum = 0
    for j = 1, n do
      if transposed then sum = sum + a(j, i) * v[j] else sum = sum + a(i, j) * v[j] end
    end
    out[i] = sum
  end
end
local function times_transposed_times(out, v, n, tmp)
  times(tmp, v, n, false)
  times(out, tmp, n, true)
end
local n = tonumber(arg and arg[1]) or 400
local u, v, tmp = {}, {}, {}
for i = 1, n do u[i] = 1 end
for _ = 1, 10 do
  times_transposed_times(v, u, n, tmp)
  times_transposed_times(u, v, n, tmp)
end
local vbv, vv = 0, 0
for i = 1, n do
  vbv = vbv + u[i] * v[i]
  vv = vv + v[i] * v[i]
end
print(string.format("%0.9f", math.sqrt(vbv / vv)))
