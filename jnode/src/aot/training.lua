-- The training run of the ahead-of-time cache (make build: jnode/target/jnode.aot). The JVM records
-- which classes this run loads and links, so that a later start has them loaded and linked from the
-- beginning. Only classes from the jar are kept (Lua chunks compile to classes made at run time); what
-- runs here is what a node does most: spawn, send, receive, links, monitors, strings and tables. (The
-- methods' profiles are not kept: see the Makefile.)
require 'concurrent'

local ROUNDS = 20000

local function waiter() concurrent.receive() end

local function echo()
    while true do
        local m = concurrent.receive()
        if m.body == 'stop' then return end
        concurrent.send(m.from, { from = concurrent.self(), body = m.body })
    end
end

-- spawning processes that wait, then ending them
for _ = 1, 3 do
    local pids = {}
    for i = 1, ROUNDS do pids[i] = concurrent.spawn(waiter) end
    concurrent.step()
    for _, pid in ipairs(pids) do concurrent.send(pid, 'end') end
    concurrent.step()
end

-- ping-pong with tables, strings, numbers and nested messages
local me = concurrent.self()
local p = concurrent.spawn(echo)
local bodies = { 'ping', 42, 1.5, { 1, 2, 3 }, { k = 'v', n = { true, false } } }
for i = 1, ROUNDS * 5 do
    concurrent.send(p, { from = me, body = bodies[i % #bodies + 1] })
    concurrent.receive()
end
concurrent.send(p, { from = me, body = 'stop' })

-- links, monitors, exits and registered names
concurrent.setoption('trapexit', true)
for i = 1, ROUNDS / 10 do
    local pid = concurrent.spawn(function() concurrent.receive(1) end)
    if i % 2 == 0 then concurrent.link(pid) else concurrent.monitor(pid) end
    concurrent.register('trainee', pid)
    concurrent.unregister('trainee')
end
for _ = 1, ROUNDS / 10 do concurrent.receive(10) end

-- plain Lua: string library, patterns, tables, sorting
local parts = {}
for i = 1, ROUNDS do
    local s = string.format('%d:%s:%5.2f', i, tostring(i * 3), i / 7)
    s = s:gsub('%d+', function(d) return d:upper() end)
    for w in s:gmatch('[^:]+') do parts[#parts + 1] = w:lower() end
    if s:find('1', 1, true) then parts[#parts] = nil end
end
table.sort(parts)
table.concat(parts, ',', 1, 100)
