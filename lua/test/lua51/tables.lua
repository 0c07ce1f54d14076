-- table functions as Lua 5.1 has them (tables without holes: the border of one with holes is left open)
local function show(...) print(select('#', ...), ...) end
local t = {5, 2, 8, 1, 9, 3, 7, 4, 6, 10, 0, -1}
table.sort(t)
show(table.concat(t, ' '))
table.sort(t, function(a, b) return a > b end)
show(table.concat(t, ' '))
local words = {'pear', 'apple', 'fig', 'banana', 'cherry'}
table.sort(words)
show(table.concat(words, ' '))
table.sort(words, function(a, b) return #a < #b end)
show(table.concat(words, ' '))
local calls = {}
local u = {3, 1, 2}
table.sort(u, function(a, b) calls[#calls + 1] = a .. '<' .. b return a < b end)
show(table.concat(u, ' '), table.concat(calls, ' '))
show(pcall(table.sort, {3, 1, 'x'}))
show(pcall(table.sort, {{}, {}}))
show(pcall(table.sort, {1, 2, 3}, 'nope'))
local big = {}
for i = 1, 1000 do big[i] = (i * 7919) % 1009 end
table.sort(big)
local sorted = true
for i = 2, #big do if big[i - 1] > big[i] then sorted = false end end
show(sorted, big[1], big[1000])
-- without a comparator: numbers of both kinds, duplicates, huge and tiny ones; strings with shared
-- prefixes, empty ones and bytes above 127; -0 beside 0; a mixed list
local nums = {3, 2.5, -1e300, 1e300, 2^53, 2^53 + 2, 0.1, -7, 3, 1/3, 2.5, -0.5, 1e-300, 0, 100000007}
table.sort(nums)
for i = 1, #nums do io.write(string.format('%.17g ', nums[i])) end print()
local strs = {'b', 'ab', '', 'abc', 'a', 'B', 'ab', '\200x', 'a\0b', 'a\0', 'zz', '10', '9', 'Z'}
table.sort(strs)
for i = 1, #strs do io.write(string.format('%q ', strs[i])) end print()
local zeros = {1, 0, -1, 0}
table.sort(zeros)
show(zeros[1], zeros[4])
show(pcall(table.sort, {1, 'x', 2}))
-- strings compare byte by byte, bytes unsigned (strcoll in the C locale), a prefix first
show('\200' < 'a', 'a\0' < 'a', 'a' < 'a\0', 'Z' < 'a', '' < '\0', 'ab' <= 'ab', '\255' > '\127')
local insert = {}
table.insert(insert, 'a') table.insert(insert, 1, 'b') table.insert(insert, 'c')
show(table.concat(insert, ','), table.remove(insert), table.remove(insert, 1), table.concat(insert, ','))
show(table.concat({1, 2, 3}, ', ', 2, 3), table.concat({}, 'x'), table.concat({1, 2}, nil))
show(table.maxn({1, 2, [10] = 3}), #{1, 2, 3}, select('#', unpack({1, 2, 3})))
show(next({}), rawequal({}, {}))
