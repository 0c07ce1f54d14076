-- The Lua side of the cross-node benchmarks. Registers 'bench', which answers:
--   {new_echo, From}          -> From ! {echo_pid, Pid}: a process echoing {ReplyTo, Payload} -> ReplyTo ! Payload
--   {new_sink, From, N}       -> From ! {sink_pid, Pid}: a process that counts N messages, then From ! {sunk, N}
--   {stream_to, To, N, Msg}   -> sends Msg to To N times, then {stream_done, N}
--   {new_genserver, From}     -> From ! {genserver_pid, Pid}: a genserver answering every call with its request
--   {call_loop, From, S, N}   -> N concurrent.call(S, {ping, 1}), then From ! {calls_done, N}
-- And a global function for spawn_request(Node, '_G', quitter, [], [monitor]): it ends on its first message.
require 'concurrent'
function quitter() concurrent.receive() end
local genserver = require 'concurrent.genserver'
local echoserver = { init = function() return 0 end, handle_call = function(req, _, s) return 'reply', req, s end }
local A = erlang.atom

local function echo()
    while true do
        local m = concurrent.receive()
        concurrent.send(m[1], m[2])
    end
end

local function sink(report, n)
    for _ = 1, n do concurrent.receive() end
    concurrent.send(report, erlang.tuple(A'sunk', n))
end

concurrent.register('bench', concurrent.spawn(function()
    while true do
        local m = concurrent.receive()
        local op = tostring(m[1])
        if op == 'new_echo' then
            concurrent.send(m[2], erlang.tuple(A'echo_pid', concurrent.spawn(echo)))
        elseif op == 'new_sink' then
            concurrent.send(m[2], erlang.tuple(A'sink_pid', concurrent.spawn(sink, m[2], m[3])))
        elseif op == 'new_genserver' then
            concurrent.send(m[2], erlang.tuple(A'genserver_pid', genserver.start(echoserver)))
        elseif op == 'call_loop' then
            local from, server, n = m[2], m[3], m[4]
            concurrent.spawn(function()
                local request = erlang.tuple(A'ping', 1)
                for _ = 1, n do concurrent.call(server, request) end
                concurrent.send(from, erlang.tuple(A'calls_done', n))
            end)
        elseif op == 'stream_to' then
            local to, n, msg = m[2], m[3], m[4]
            concurrent.spawn(function()
                for _ = 1, n do concurrent.send(to, msg) end
                concurrent.send(to, erlang.tuple(A'stream_done', n))
            end)
        end
    end
end))
print('bench server ready')
concurrent.loop()
