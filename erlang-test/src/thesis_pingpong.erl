%% The thesis's ping-pong (5.1.4) written in Erlang, speaking the Lua side's messages as the term
%% mapping gives them: Lua's {from = {pid, node}, body = 'ping'} is
%% #{<<"from">> => [Pid, <<"node">>], <<"body">> => <<"ping">>}. Either half can meet a Lua half.
-module(thesis_pingpong).
-export([pong/0, start_pong/0, ping/2]).

%% Registers a pong process on this node and returns its pid.
start_pong() ->
    Pid = spawn(fun pong/0),
    register(pong, Pid),
    Pid.

pong() ->
    receive
        #{<<"body">> := <<"finished">>} ->
            io:format("pong finished~n");
        #{<<"body">> := <<"ping">>, <<"from">> := From} ->
            io:format("pong received ping~n"),
            send(From, #{<<"body">> => <<"pong">>}),
            pong()
    end.

%% Pings the pong registered on PongNode N times.
ping(N, PongNode) ->
    Me = #{<<"from">> => [self(), atom_to_binary(node())]},
    [begin
         {pong, PongNode} ! Me#{<<"body">> => <<"ping">>},
         receive #{<<"body">> := <<"pong">>} -> io:format("ping received pong~n") end
     end || _ <- lists:seq(1, N)],
    {pong, PongNode} ! Me#{<<"body">> => <<"finished">>},
    io:format("ping finished~n").

%% A Lua sender names itself {Pid, Node} (a list after the mapping) or just by its pid.
send([Pid, _Node], Msg) when is_pid(Pid) -> Pid ! Msg;
send(Pid, Msg) when is_pid(Pid) -> Pid ! Msg.
