%% Starts a luanode node (bin/jnode) from Erlang or Elixir, in the manner of OTP's peer module:
%%
%%   {ok, Peer, Node} = luanode_peer:start(#{name => lua1, script => "server.lua", serve => true}),
%%   Result = luanode_peer:call(Peer, erlang, node, []),
%%   ok = luanode_peer:stop(Peer).
%%
%% Options: name (required), host, longnames (true: --name, else --sname), cookie (default: this
%% node's), script (a path) or code (Lua source), args (strings after the script), env ([{Name, Value}]),
%% serve (keep the node up after the script returns), node_args (jnode options before the script, such as
%% ["-proto_dist", "inet_tls", "-ssl_dist_optfile", File]), java_opts (strings, passed in JNODE_JAVA_OPTS),
%% jnode (the launcher's path; else $LUANODE_HOME/bin/jnode, else jnode on PATH), cd (its working
%% directory), output (fun(Line) for each line the node prints; default: io:format), wait (when start/1
%% returns: answer, once the node answers an erpc call (the default); {line, Prefix}, once it prints a
%% line starting with Prefix; started, at once, for a script that may end before it could answer),
%% timeout (ms to wait, default 30000).
%%
%% The node's standard input is the port's: when the starting process exits, the port closes, or this
%% BEAM goes away in any way, the node sees its input end (jnode --parent) and stops; no orphans stay
%% registered with the port mapper. A node that ended on its own keeps its exit status for wait_exit/2
%% until stop/1 or until its starter exits.
-module(luanode_peer).
-export([start/1, stop/1, call/4, call/5, node/1, os_pid/1, wait_exit/2]).

-spec start(map()) -> {ok, pid(), node()} | {error, term()}.
start(Opts) ->
    Caller = self(),
    Pid = spawn_link(fun() -> init(Caller, Opts) end),
    receive
        {Pid, started, Node} -> {ok, Pid, Node};
        {Pid, failed, Reason} -> {error, Reason}
    end.

%% Stops the node (init:stop, then the port's end) and waits until its process has exited.
-spec stop(pid()) -> ok.
stop(Peer) ->
    Ref = monitor(process, Peer),
    Peer ! {self(), stop},
    receive {'DOWN', Ref, process, Peer, _} -> ok end.

-spec node(pid()) -> node().
node(Peer) -> ask(Peer, node).

%% The operating-system pid of the node's JVM (undefined once it has ended).
-spec os_pid(pid()) -> integer() | undefined.
os_pid(Peer) -> ask(Peer, os_pid).

%% Waits until the node has ended and gives its exit status.
-spec wait_exit(pid(), timeout()) -> {ok, integer()} | {error, timeout}.
wait_exit(Peer, Timeout) ->
    Peer ! {self(), wait_exit},
    receive {Peer, exit_status, Status} -> {ok, Status}
    after Timeout -> {error, timeout}
    end.

ask(Peer, What) ->
    Ref = monitor(process, Peer),
    Peer ! {self(), What},
    receive
        {Peer, What, Answer} -> demonitor(Ref, [flush]), Answer;
        {'DOWN', Ref, process, Peer, Reason} -> error({luanode_peer_gone, Reason})
    end.

call(Peer, M, F, A) -> call(Peer, M, F, A, 15000).

call(Peer, M, F, A, Timeout) -> erpc:call(?MODULE:node(Peer), M, F, A, Timeout).

%% -- the process that owns the node's port ---------------------------------------------------------

init(Caller, Opts) ->
    process_flag(trap_exit, true),
    Name = to_list(maps:get(name, Opts)),
    Host = case maps:get(host, Opts, undefined) of
               undefined -> short_host();
               H -> to_list(H)
           end,
    Node = list_to_atom(Name ++ "@" ++ Host),
    Cookie = to_list(maps:get(cookie, Opts, erlang:get_cookie())),
    Main = case {maps:get(script, Opts, undefined), maps:get(code, Opts, undefined)} of
               {undefined, undefined} -> ["-e", ""];
               {undefined, Code} -> ["-e", to_list(Code)];
               {Script, _} -> [to_list(Script)]
           end,
    Serve = case maps:get(serve, Opts, false) of true -> ["--serve"]; false -> [] end,
    NameFlag = case maps:get(longnames, Opts, false) of true -> "--name"; false -> "--sname" end,
    NodeArgs = [to_list(A) || A <- maps:get(node_args, Opts, [])],
    Args = [NameFlag, Name ++ "@" ++ Host, "--cookie", Cookie, "--parent"] ++ Serve ++ NodeArgs ++ Main
        ++ [to_list(A) || A <- maps:get(args, Opts, [])],
    Env = [{to_list(K), to_list(V)} || {K, V} <- maps:get(env, Opts, [])]
        ++ case maps:get(java_opts, Opts, []) of
               [] -> [];
               JavaOpts -> [{"JNODE_JAVA_OPTS", lists:join(" ", [to_list(O) || O <- JavaOpts])}]
           end,
    Output = maps:get(output, Opts, fun(Line) -> io:format("[~s] ~s~n", [Node, Line]) end),
    Cd = case maps:get(cd, Opts, undefined) of undefined -> []; Dir -> [{cd, to_list(Dir)}] end,
    Port = open_port({spawn_executable, jnode(Opts)},
                     [{args, Args}, {env, Env}, {line, 16384}, binary, exit_status, stderr_to_stdout, use_stdio]
                     ++ Cd),
    Deadline = erlang:monotonic_time(millisecond) + maps:get(timeout, Opts, 30000),
    case await_ready(maps:get(wait, Opts, answer), Port, Node, Output, Deadline) of
        ok ->
            Caller ! {self(), started, Node},
            loop(Port, Node, Output, Caller);
        {error, Reason} ->
            close(Port),
            Caller ! {self(), failed, Reason}
    end.

%% answer: the node answers an erpc call (it is registered, connected and serving).
await_ready(started, _Port, _Node, _Output, _Deadline) ->
    ok;
await_ready(Wait, Port, Node, Output, Deadline) ->
    receive
        {Port, {data, {_, Line}}} ->
            Output(Line),
            case Wait of
                {line, Prefix} when is_binary(Line) ->
                    case string:prefix(Line, Prefix) of
                        nomatch -> await_ready(Wait, Port, Node, Output, Deadline);
                        _ -> ok
                    end;
                _ -> await_ready(Wait, Port, Node, Output, Deadline)
            end;
        {Port, {exit_status, Status}} -> {error, {exited, Status}}
    after 100 ->
        Answered = Wait =:= answer andalso answers(Node),
        case {Answered, erlang:monotonic_time(millisecond) > Deadline} of
            {true, _} -> ok;
            {false, true} -> {error, timeout};
            {false, false} -> await_ready(Wait, Port, Node, Output, Deadline)
        end
    end.

loop(Port, Node, Output, Caller) -> loop(Port, Node, Output, Caller, []).

%% Waiters: processes in wait_exit/2, answered when the node ends.
loop(Port, Node, Output, Caller, Waiters) ->
    receive
        {Port, {data, {_, Line}}} ->
            Output(Line),
            loop(Port, Node, Output, Caller, Waiters);
        {Port, {exit_status, Status}} ->
            [W ! {self(), exit_status, Status} || W <- Waiters],
            ended(Node, Caller, Status);
        {From, node} ->
            From ! {self(), node, Node},
            loop(Port, Node, Output, Caller, Waiters);
        {From, os_pid} ->
            From ! {self(), os_pid, case erlang:port_info(Port, os_pid) of {os_pid, P} -> P; _ -> undefined end},
            loop(Port, Node, Output, Caller, Waiters);
        {From, wait_exit} ->
            loop(Port, Node, Output, Caller, [From | Waiters]);
        {_From, stop} ->
            try erpc:call(Node, init, stop, [], 2000) catch _:_ -> ok end, % it may be gone already
            Status = wait_port_exit(Port, Output, 10000),
            [W ! {self(), exit_status, Status} || W <- Waiters],
            ok;
        {'EXIT', Caller, _} ->
            close(Port); % the node sees its input end and stops
        {'EXIT', Port, _} ->
            ok
    end.

%% The node has ended: its status stays available until stop/1 or until the starter exits.
ended(Node, Caller, Status) ->
    receive
        {From, node} -> From ! {self(), node, Node}, ended(Node, Caller, Status);
        {From, os_pid} -> From ! {self(), os_pid, undefined}, ended(Node, Caller, Status);
        {From, wait_exit} -> From ! {self(), exit_status, Status}, ended(Node, Caller, Status);
        {_From, stop} -> ok;
        {'EXIT', Caller, _} -> ok
    end.

wait_port_exit(Port, Output, Timeout) ->
    receive
        {Port, {data, {_, Line}}} -> Output(Line), wait_port_exit(Port, Output, Timeout);
        {Port, {exit_status, Status}} -> Status
    after Timeout ->
        close(Port),
        timeout
    end.

answers(Node) ->
    try erpc:call(Node, erlang, node, [], 1000) of
        Answer -> Answer =:= Node
    catch
        _:_ -> false
    end.

%% A port may have closed already (its node ended).
close(Port) ->
    try port_close(Port) catch error:badarg -> true end.

jnode(Opts) ->
    case maps:get(jnode, Opts, undefined) of
        undefined ->
            case os:getenv("LUANODE_HOME") of
                false ->
                    case os:find_executable("jnode") of
                        false -> error({jnode_not_found, "set the jnode option, LUANODE_HOME, or PATH"});
                        Path -> Path
                    end;
                Home -> filename:join([Home, "bin", "jnode"])
            end;
        Path -> to_list(Path)
    end.

short_host() ->
    [_, Host] = string:split(atom_to_list(node()), "@"),
    case node() of
        nonode@nohost -> {ok, H} = inet:gethostname(), H;
        _ -> Host
    end.

to_list(A) when is_atom(A) -> atom_to_list(A);
to_list(B) when is_binary(B) -> binary_to_list(B);
to_list(L) when is_list(L) -> L;
to_list(I) when is_integer(I) -> integer_to_list(I).
