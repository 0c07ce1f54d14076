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
local insert = {}
table.insert(insert, 'a') table.insert(insert, 1, 'b') table.insert(insert, 'c')
show(table.concat(insert, ','), table.remove(insert), table.remove(insert, 1), table.concat(insert, ','))
show(table.concat({1, 2, 3}, ', ', 2, 3), table.concat({}, 'x'), table.concat({1, 2}, nil))
show(table.maxn({1, 2, [10] = 3}), #{1, 2, 3}, select('#', unpack({1, 2, 3})))
show(next({}), rawequal({}, {}))
