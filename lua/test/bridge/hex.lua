-- Hex helpers for the bridge suites: one term per line, as hex of its external format.
local hex = {}

function hex.decode(s)
    return (s:gsub('..', function(h) return string.char(tonumber(h, 16)) end))
end

function hex.encode(s)
    return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end))
end

function hex.lines(path)
    local out = {}
    for line in io.lines(path) do
        if #line > 0 then out[#out + 1] = line end
    end
    return out
end

return hex
