-- Minimal assertions for the Lua-level tests: each test script exits normally when all hold.
local check = {}

local function show(v)
    if type(v) == 'string' then return string.format('%q', v) end
    return tostring(v)
end

function check.eq(actual, expected, what)
    if actual ~= expected then
        error((what or 'value') .. ': expected ' .. show(expected) .. ', got ' .. show(actual), 2)
    end
end

function check.truthy(v, what)
    if not v then error((what or 'condition') .. ' does not hold', 2) end
end

function check.matches(s, pattern, what)
    if type(s) ~= 'string' or not s:find(pattern) then
        error((what or 'string') .. ': ' .. show(s) .. ' does not match ' .. show(pattern), 2)
    end
end

-- Receives the next message, failing after `ms` (default 2000) instead of hanging the test.
function check.receive(ms, what)
    local msg = concurrent.receive(ms or 2000)
    if msg == nil then error('timed out waiting for ' .. (what or 'a message'), 2) end
    return msg
end

return check
