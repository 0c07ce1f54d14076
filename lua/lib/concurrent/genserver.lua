-- gen_server for Lua processes: require 'concurrent.genserver'.
-- A server answers gen_server:call/cast from Erlang and Elixir (GenServer.call) and concurrent.call/cast
-- from Lua, and the sys protocol (sys:get_state, sys:replace_state, sys:suspend, sys:resume). Callbacks, all optional but
-- init:
--   init(args)                   -> state                  (or nil, reason: the start fails)
--   handle_call(req, from, state) -> 'reply', reply, state | 'noreply', state | 'stop', reason, reply, state
--   handle_cast(msg, state)      -> 'noreply', state | 'stop', reason, state
--   handle_info(msg, state)      -> 'noreply', state | 'stop', reason, state
--   terminate(reason, state)
local concurrent = require 'concurrent'

local genserver = {}

local function atomname(v)
    if erlang.type(v) == 'atom' then return erlang.atomname(v) end
end

local function tagged(m, name)
    return erlang.type(m) == 'tuple' and atomname(m[1]) == name
end

-- A crash report on stderr, as proc_lib writes one for a gen_server that crashes; then the error ends
-- the process as any Lua error does (linked processes and monitors see its reason).
local function crashed(name, callback, message, state, err)
    io.stderr:write(string.format(
        '=CRASH REPORT==== genserver %s\n  pid: %s\n  crashed in: %s\n  last message: %s\n  state: %s\n  reason: %s\n',
        tostring(name or '(unnamed)'), tostring(concurrent.self()), callback, tostring(message),
        tostring(state), tostring(err)))
    error(err, 0)
end

-- Runs a callback; a Lua error in it is reported, then ends the server.
local function run(name, callbacks, callback, message, state, ...)
    local results = { pcall(callbacks[callback], ...) }
    if not results[1] then crashed(name, callback, message, state, results[2]) end
    return unpack(results, 2, table.maxn(results))
end

local function stop(callbacks, reason, state)
    if callbacks.terminate then callbacks.terminate(reason, state) end
    concurrent.exit(reason)
end

-- sys:get_state and sys:replace_state want the state as it is up to OTP 26 and {ok, State} since OTP 27;
-- the caller's node says which it runs (asked once per node; a node that does not answer, a luanode
-- node say, gets the state as it is).
local releases = {}
local function stateanswer(from, state)
    local node = concurrent.node(from[1])
    if releases[node] == nil then
        local ok, release = pcall(concurrent.rpc, node, 'erlang', 'system_info', erlang.atom'otp_release')
        if ok and type(release) == 'table' then release = string.char(unpack(release)) end -- "27" is a list
        releases[node] = ok and tonumber(tostring(release)) or 0
    end
    if releases[node] >= 27 then return erlang.tuple(erlang.atom'ok', state) end
    return state
end

-- The sys protocol: {system, From, Request}; answers what sys:get_state/suspend/resume expect.
local function system(from, request, state, suspended)
    local what = atomname(request) or (erlang.type(request) == 'tuple' and atomname(request[1]))
    if what == 'get_state' then
        concurrent.reply(from, stateanswer(from, state))
    elseif what == 'suspend' then
        concurrent.reply(from, erlang.atom'ok')
        return true
    elseif what == 'resume' then
        concurrent.reply(from, erlang.atom'ok')
        return false
    elseif what == 'get_status' then
        concurrent.reply(from, erlang.tuple(erlang.atom'status', concurrent.self(),
            erlang.tuple(erlang.atom'module', erlang.atom'luanode_genserver'),
            erlang.list(erlang.list(), suspended and erlang.atom'suspended' or erlang.atom'running', concurrent.self(),
                erlang.list(), state)))
    elseif what == 'replace_state' then
        -- An Erlang fun runs where it was made: on the caller's node (its state in, the new state out);
        -- a Lua caller may hand a Lua function.
        local fun = request[2]
        local ok, new = pcall(function()
            if type(fun) == 'function' then return fun(state) end
            return concurrent.rpc(concurrent.node(from[1]), 'erlang', 'apply', fun, erlang.list(state))
        end)
        if ok then
            concurrent.reply(from, stateanswer(from, new))
            return suspended, new
        end
        concurrent.reply(from, erlang.tuple(erlang.atom'error', tostring(new)))
    else
        concurrent.reply(from, erlang.tuple(erlang.atom'error', erlang.atom'not_supported'))
    end
    return suspended
end

-- The server's loop (the process's body after init); name is for crash reports.
function genserver.loop(callbacks, state, name)
    local suspended = false
    while true do
        local m
        if suspended then
            m = concurrent.receive(function(x) return tagged(x, 'system') end)
        else
            m = concurrent.receive()
        end
        if tagged(m, '$gen_call') then
            local from, request = m[2], m[3]
            local action, a, b, c = run(name, callbacks, 'handle_call', m, state, request, from, state)
            if action == 'reply' then
                concurrent.reply(from, a)
                state = b
            elseif action == 'noreply' then
                state = a
            elseif action == 'stop' then
                if b ~= nil then concurrent.reply(from, b) end
                stop(callbacks, a, c)
            else
                error('handle_call returned ' .. tostring(action))
            end
        elseif tagged(m, '$gen_cast') then
            local action, a, b = 'noreply', state
            if callbacks.handle_cast then action, a, b = run(name, callbacks, 'handle_cast', m, state, m[2], state) end
            if action == 'stop' then stop(callbacks, a, b) end
            state = a
        elseif tagged(m, 'system') then
            local replaced
            suspended, replaced = system(m[2], m[3], state, suspended)
            if replaced ~= nil then state = replaced end
        elseif callbacks.handle_info then
            local action, a, b = run(name, callbacks, 'handle_info', m, state, m, state)
            if action == 'stop' then stop(callbacks, a, b) end
            state = a
        end
    end
end

local function starter(link)
    return function(callbacks, args, name)
        local parent = concurrent.self()
        local spawn = link and concurrent.spawnlink or concurrent.spawn
        local pid = spawn(function()
            if name then concurrent.register(name, concurrent.self()) end
            local state, err = callbacks.init(args)
            if state == nil then
                concurrent.send(parent, erlang.tuple(erlang.atom'$genserver_started', concurrent.self(), false, err))
                concurrent.exit(err or 'init_failed')
            end
            concurrent.send(parent, erlang.tuple(erlang.atom'$genserver_started', concurrent.self(), true))
            genserver.loop(callbacks, state, name)
        end)
        local ack = concurrent.receive(function(m)
            return tagged(m, '$genserver_started') and m[2] == pid
        end, 5000)
        if not ack then return nil, 'timeout' end
        if not ack[3] then return nil, ack[4] end
        return pid
    end
end

-- genserver.start(callbacks, args, [name]) -> pid, or nil and the reason init gave
genserver.start = starter(false)
-- the same, linked to the caller
genserver.start_link = starter(true)

genserver.call = concurrent.call
genserver.cast = concurrent.cast
genserver.reply = concurrent.reply

return genserver
