-- The Lua side of the cross-node benchmarks. Registers 'bench', which answers:
--   {new_echo, From}          -> From ! {echo_pid, Pid}: a process echoing {ReplyTo, Payload} -> ReplyTo ! Payload
--   {new_sink, From, N}       -> From ! {sink_pid, Pid}: a process that counts N messages, then From ! {sunk, N}
--   {stream_to, To, N, Msg}   -> sends Msg to To N times, then {stream_done, N}
require 'concurrent'
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
