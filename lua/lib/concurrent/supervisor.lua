-- Supervisors for Lua processes: require 'concurrent.supervisor'.
--   supervisor.start(flags, children) / start_link -> pid
--   flags    = { strategy = 'one_for_one' | 'one_for_all', intensity = 1, period = 5 }  (OTP's defaults)
--   children = { { id = 'name', start = function(...) ... end, args = {...}, restart = 'permanent' },
--                { id = 'srv', genserver = callbacks, args = x, name = 'registered_name' }, ... }
-- restart: 'permanent' (always restarted, the default), 'transient' (only after an abnormal exit),
-- 'temporary' (never). More than `intensity` restarts within `period` seconds end the supervisor
-- (reason 'shutdown'), after it has stopped its children, as OTP's supervisor does.
local concurrent = require 'concurrent'
local genserver = require 'concurrent.genserver'

local supervisor = {}
local System = luajava and luajava.bindClass('java.lang.System')

local function now()
    return System:nanoTime() / 1e9
end

local function startchild(child)
    if child.genserver then
        local pid, err = genserver.start_link(child.genserver, child.args, child.name)
        return pid, err
    end
    local args = child.args or {}
    return concurrent.spawnlink(child.start, unpack(args))
end

local function stopchild(child)
    if child.pid and concurrent.isalive(child.pid) then
        concurrent.unlink(child.pid)
        concurrent.exit(child.pid, 'shutdown')
    end
    child.pid = nil
end

local function shouldrestart(child, reason)
    local restart = child.restart or 'permanent'
    if restart == 'temporary' then return false end
    if restart == 'transient' then return reason ~= 'normal' and reason ~= 'shutdown' end
    return true
end

local function run(flags, children)
    concurrent.setoption('trapexit', true)
    local intensity, period = flags.intensity or 1, flags.period or 5
    local restarts = {}
    for _, child in ipairs(children) do
        child.pid = assert(startchild(child))
    end
    local function giveup()
        for i = #children, 1, -1 do stopchild(children[i]) end
        concurrent.exit('shutdown')
    end
    while true do
        local m = concurrent.receive()
        if type(m) == 'table' and m.signal == 'EXIT' then
            local dead
            for _, child in ipairs(children) do
                if child.pid == m.from then dead = child end
            end
            if dead then
                dead.pid = nil
                if shouldrestart(dead, m.reason) then
                    local t = now()
                    restarts[#restarts + 1] = t
                    local recent = 0
                    for _, r in ipairs(restarts) do if t - r <= period then recent = recent + 1 end end
                    if recent > intensity then giveup() end
                    if flags.strategy == 'one_for_all' then
                        for i = #children, 1, -1 do stopchild(children[i]) end
                        for _, child in ipairs(children) do child.pid = assert(startchild(child)) end
                    else
                        dead.pid = assert(startchild(dead))
                    end
                end
            elseif m.reason ~= 'normal' then -- the parent, or another linked process, went down
                giveup()
            end
        elseif erlang.type(m) == 'tuple' and erlang.type(m[1]) == 'atom' and erlang.atomname(m[1]) == '$gen_call' then
            local which = {}
            for _, child in ipairs(children) do which[child.id] = child.pid or false end
            concurrent.reply(m[2], which)
        end
    end
end

-- The pids of a supervisor's children, by id (false for one not running); a call to the supervisor.
function supervisor.which_children(sup)
    return concurrent.call(sup, erlang.atom'which_children')
end

local function starter(link)
    return function(flags, children)
        local spawn = link and concurrent.spawnlink or concurrent.spawn
        return spawn(run, flags, children)
    end
end

supervisor.start = starter(false)
supervisor.start_link = starter(true)

return supervisor
