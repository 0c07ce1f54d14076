-- A Lua node driven by Erlang tests (erlang-test/test/dist_SUITE.erl). It registers 'agent', which
-- spawns 'worker' processes on request. A worker does what Erlang messages tell it and reports every
-- signal message it gets (EXIT, DOWN, NODEDOWN) to its reporter. Commands are maps with atom keys:
--   agent:  #{op => spawn, from => Pid [, report => Pid]} -> replies {worker, WorkerPid}; reports go to report
--           #{op => remote_spawn, from => Pid, node => N, fn => Name, arg => A} -> {spawned, Pid | nil, Err}
--           #{op => remote_spawn_watched, from => Pid, node => N, fn => Name} -> {watched, [Signal]}
--           #{op => nodes, from => Pid}            -> {nodes, [binary]}
--   worker: #{op => exit, reason => R}   exits with R;   #{op => error, message => M}   raises M
--           #{op => return}   ends normally;            #{op => trap}   traps exits
--           #{op => link | unlink | monitor | demonitor | monitornode, target => T}  -> {done, Op, Result}
--           #{op => send, to => T, msg => M}            -> sends M to T
--           #{op => echo, value => V}                   -> {echo, V}
--           #{op => spin, seconds => S}   computes for S seconds, then {done, spin, true}
--           #{op => pg, fn => F, group => G [, arg => A]}  -> {pg, F, R1, R2}: concurrent.pg[F](G, A)
--           #{op => pg_scope, scope => S, group => G}   -> {pg_scope, Members}: in scope S
--   any other message a worker gets (a pg monitor's notice) goes to its reporter as {got, M}
require 'concurrent'

local A = erlang.atom

-- Erlang sends atoms (op => exit); tostring gives an atom's name, and leaves strings as they are.
local function opof(m)
    return m.op ~= nil and tostring(m.op) or nil
end

local function worker(report)
    while true do
        local m = concurrent.receive()
        local op = type(m) == 'table' and opof(m) or nil
        if type(m) ~= 'table' or (not m.signal and op == nil) then
            concurrent.send(report, erlang.tuple(A'got', m))
        elseif m.signal then
            concurrent.send(report, m)
        elseif op == 'exit' then
            concurrent.exit(m.reason)
        elseif op == 'error' then
            error(m.message)
        elseif op == 'return' then
            return
        elseif op == 'trap' then
            concurrent.setoption('trapexit', true)
            concurrent.send(report, erlang.tuple(A'done', A'trap', true))
        elseif op == 'send' then
            concurrent.send(m.to, m.msg)
        elseif op == 'spin' then -- computes without waiting, for m.seconds
            local t0 = os.clock()
            while os.clock() - t0 < m.seconds do end
            concurrent.send(report, erlang.tuple(A'done', A'spin', true))
        elseif op == 'pg' then
            local r1, r2 = concurrent.pg[tostring(m.fn)](m.group, m.arg)
            concurrent.send(report, erlang.tuple(A'pg', m.fn, r1 == nil and A'nil' or r1, r2 == nil and A'nil' or r2))
        elseif op == 'pg_scope' then
            local members = concurrent.pg.scope(m.scope).members(m.group)
            concurrent.send(report, erlang.tuple(A'pg_scope', members))
        elseif op == 'echo' then
            concurrent.send(report, erlang.tuple(A'echo', m.value))
        elseif op then
            local result = concurrent[op](m.target)
            concurrent.send(report, erlang.tuple(A'done', A(op), result == nil and A'nil' or result))
        end
    end
end

-- For remote spawns between luanode nodes: spawn(node, 'remote_echo', pid, x)
function remote_echo(to, x)
    concurrent.send(to, erlang.tuple(A'remote_echo', x, concurrent.node()))
end

local function agent()
    while true do
        local m = concurrent.receive()
        local op = opof(m)
        if op == 'spawn' then
            concurrent.send(m.from, erlang.tuple(A'worker', concurrent.spawn(worker, m.report or m.from)))
        elseif op == 'remote_spawn' then
            local pid, err = concurrent.spawn(m.node, m.fn, m.arg, m.arg2)
            concurrent.send(m.from, erlang.tuple(A'spawned', pid or A'nil', err or A'nil'))
        elseif op == 'remote_spawn_watched' then
            -- spawnmonitor and (trapping) spawnlink m.fn on m.node, which ends at once: reports the
            -- signals that came back, {watched, [<<"DOWN">>, <<"EXIT">>]} when both did
            local from, node, fn = m.from, tostring(m.node), tostring(m.fn)
            concurrent.spawn(function()
                concurrent.setoption('trapexit', true)
                concurrent.spawnmonitor(node, fn)
                concurrent.spawnlink(node, fn)
                local got = {}
                for _ = 1, 2 do
                    local s = concurrent.receive(3000) -- both within the test's 10 s wait
                    if s then got[#got + 1] = s.signal end
                end
                table.sort(got)
                concurrent.send(from, erlang.tuple(A'watched', erlang.list(unpack(got))))
            end)
        elseif op == 'nodes' then
            concurrent.send(m.from, erlang.tuple(A'nodes', erlang.list(unpack(concurrent.nodes()))))
        elseif op == 'stop' then
            return
        end
    end
end

concurrent.register('agent', concurrent.spawn(agent))
print('agent ready on ' .. concurrent.node())
concurrent.loop()
