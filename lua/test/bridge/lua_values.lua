-- Lua -> Erlang: encodes a fixed list of Lua values, one per line, in the order erlang-test's
-- bridge_SUITE expects them (lua_values_encode_to_expected_terms). Usage: jnode lua_values.lua OUT
local hex = require 'hex'
local output = ...
local values = {
    function() return nil end,
    function() return true end,
    function() return false end,
    function() return 42 end,
    function() return -7 end,
    function() return 2^53 end,
    function() return 2^60 end,
    function() return 1.5 end,
    function() return erlang.float(3) end,
    function() return 'hello' end,
    function() return 'h\195\169llo\0\255' end,
    function() return {} end,
    function() return {1, 2, 3} end,
    function() return {body = 'ping', n = 1} end,
    function() return {[1] = 'a', [3] = 'c'} end,
    function() return {1, 'two', {3}} end,
    function() return erlang.atom('ok') end,
    function() return erlang.atom('h\195\169llo w\195\182rld') end,
    function() return erlang.tuple() end,
    function() return erlang.tuple(erlang.atom('ok'), 'x', nil) end,
    function() return erlang.list() end,
    function() return erlang.map() end,
    function() return erlang.map({[erlang.atom('body')] = 'pong'}) end,
    function() return erlang.improperlist({1, 2}, erlang.atom('tail')) end,
    function() return erlang.int('123456789012345678901234567890') end,
    function() return erlang.int('-18446744073709551616') end,
    function() return erlang.bitstring('\255', 3) end,
    function() return {[true] = 'yes', [1.5] = 'float key', [erlang.tuple(1)] = 'tuple key'} end,
}
local out = assert(io.open(output, 'w'))
for _, make in ipairs(values) do
    out:write(hex.encode(erlang.encode(make())), '\n')
end
out:close()
