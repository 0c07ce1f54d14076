%% Helpers shared by the suites: where jnode is, and running it to completion.
-module(luanode_test).
-export([root/0, jnode/0, run_jnode/2, free_port/0, wait_answering/2, wait_until/2]).

%% The repository root: $LUANODE_ROOT (set by the Makefile), or found upwards from the cwd.
root() ->
    case os:getenv("LUANODE_ROOT") of
        false -> find_root(filename:absname(""));
        Root -> Root
    end.

find_root("/") -> error(luanode_root_not_found);
find_root(Dir) ->
    case filelib:is_regular(filename:join([Dir, "bin", "jnode"])) of
        true -> Dir;
        false -> find_root(filename:dirname(Dir))
    end.

jnode() -> filename:join([root(), "bin", "jnode"]).

%% Runs jnode with Args in the repository root; returns {ExitStatus, Output}.
run_jnode(Args, Timeout) ->
    Port = open_port({spawn_executable, jnode()},
                     [{args, Args}, {cd, root()}, exit_status, stderr_to_stdout, binary]),
    collect(Port, [], Timeout).

collect(Port, Acc, Timeout) ->
    receive
        {Port, {data, Data}} -> collect(Port, [Data | Acc], Timeout);
        {Port, {exit_status, Status}} -> {Status, iolist_to_binary(lists:reverse(Acc))}
    after Timeout ->
        try port_close(Port) catch error:badarg -> ok end, % it may be closed already
        {timeout, iolist_to_binary(lists:reverse(Acc))}
    end.

%% A TCP port nobody listens on right now.
free_port() ->
    {ok, S} = gen_tcp:listen(0, [{reuseaddr, true}]),
    {ok, Port} = inet:port(S),
    gen_tcp:close(S),
    Port.

%% Waits until something accepts connections on Port (N tries, 100 ms apart).
wait_answering(_Port, 0) -> {error, not_answering};
wait_answering(Port, N) ->
    case gen_tcp:connect("localhost", Port, [binary, {active, false}], 1000) of
        {ok, S} -> gen_tcp:close(S), ok;
        {error, _} -> timer:sleep(100), wait_answering(Port, N - 1)
    end.

%% Waits until F() is true (N tries, 100 ms apart).
wait_until(_F, 0) -> timeout;
wait_until(F, N) ->
    case F() of
        true -> ok;
        false -> timer:sleep(100), wait_until(F, N - 1)
    end.
