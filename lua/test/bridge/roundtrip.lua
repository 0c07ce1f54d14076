-- Erlang -> Lua -> Erlang: decodes each term written by term_to_binary and encodes it again.
-- Usage: jnode roundtrip.lua IN OUT   (one hex-encoded term per line)
local hex = require 'hex'
local input, output = ...
local out = assert(io.open(output, 'w'))
for _, line in ipairs(hex.lines(input)) do
    local value = erlang.decode(hex.decode(line))
    out:write(hex.encode(erlang.encode(value)), '\n')
end
out:close()
