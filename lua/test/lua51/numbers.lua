-- numbers as text: print, tostring, .., io.write, table.concat (C Lua 5.1 writes %.14g)
local values = {1/3, math.pi, 1e100, -1e-100, 2^63, 2^53, 2^31, 1e15, 1e14, 123456789012345, 0.1, 10/2,
    -7/2, 100, -0.5, 1e300 * 1e10, -1e300 * 1e10, 2^-1074, 1.7976931348623157e308, 3.14159265358979}
for i, v in ipairs(values) do
    print(i, v, tostring(v), v .. '', -v)
end
io.write(1/3, ' ', 2^63, ' ', 1e15, '\n')
print(table.concat({1/3, 2, 1e20}, ','))
local z = 0
print(-z, 0/0 ~= 0/0, math.huge, -math.huge)
print(7 % 3, -7 % 3, 7 % -3, -7 % -3, 7.5 % 2, -7.5 % 2)
print(math.floor(-3.5), math.ceil(-3.5), math.fmod(-7, 3), math.abs(-0.25))
print(tonumber('0x10'), tonumber('  12  '), tonumber('1e2'), tonumber('12a'), tonumber('z', 36), tonumber('ff', 16))
print(tonumber('10', 2), tonumber(''), tonumber('.5'), tonumber('5.'), tonumber('-.5e1'))
print(math.max(1, 2.5, -1), math.min(3, 1/3), math.sqrt(2), math.exp(1), math.log(10))
print(string.rep('ab', 3), #tostring(12345.678), 2^0.5)
-- division by zero keeps the signs as C's does: by -0 is -inf; NaN divided by zero stays NaN
local negzero = -1 / math.huge
local nan = 0 / 0
print(1 / negzero, -1 / negzero, 5 / 0, -5 / 0, (nan / 0) ~= (nan / 0), 0 / negzero ~= 0 / negzero)
print(math.huge / negzero, 1 / (negzero * 0), -7 / math.huge)
