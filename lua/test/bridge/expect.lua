-- Erlang -> Lua: each line is a hex term and a Lua expression over `v` that must be true of its value.
-- Usage: jnode expect.lua IN   (exits with an error listing every expression that failed)
local hex = require 'hex'
local input = ...
local failures = {}
for _, line in ipairs(hex.lines(input)) do
    local term, expression = line:match('^(%x+)\t(.*)$')
    local check = assert(load('local v = ... return ' .. expression, '=' .. expression))
    local ok, result = pcall(check, erlang.decode(hex.decode(term)))
    if not ok or result ~= true then
        failures[#failures + 1] = expression .. (ok and '' or (' -- ' .. tostring(result)))
    end
end
if #failures > 0 then
    error('expectations failed:\n  ' .. table.concat(failures, '\n  '), 0)
end
print('all expectations hold')
