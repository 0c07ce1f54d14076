%% Starts a luanode node (bin/jnode) from Erlang or Elixir, in the manner of OTP's peer module:
%%
%%   {ok, Peer, Node} = luanode_peer:start(#{name => lua1, script => "server.lua", serve => true}),
%%   Result = luanode_peer:call(Peer, erlang, node, []),
%%   ok = luanode_peer:stop(Peer).
%%
%% Options: name (required), host, cookie (default: this node's), script (a path) or code (Lua source),
%% args (strings after the script), env ([{Name, Value}]), serve (keep the node up after the script
%% returns), java_opts (strings, passed in JNODE_JAVA_OPTS), jnode (the launcher's path; else
%% $LUANODE_HOME/bin/jnode, else jnode on PATH), output (fun(Line) for each line the node prints;
%% default: io:format), timeout (ms to wait until the node answers, default 30000).
%%
%% start/1 returns once the node is connected and answers calls. The node's standard input is the
%% port's: when the starting process exits, the port closes, or this BEAM goes away in any way, the
%% node sees its input end (jnode --parent) and stops; no orphans stay registered with the port mapper.
-module(luanode_peer).
-export([start/1, stop/1, call/4, call/5, node/1]).

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
node(Peer) ->
    Peer ! {self(), node},
    receive {Peer, node, Node} -> Node end.

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
    Args = ["--sname", Name ++ "@" ++ Host, "--cookie", Cookie, "--parent"] ++ Serve ++ Main
        ++ [to_list(A) || A <- maps:get(args, Opts, [])],
    Env = [{to_list(K), to_list(V)} || {K, V} <- maps:get(env, Opts, [])]
        ++ case maps:get(java_opts, Opts, []) of
               [] -> [];
               JavaOpts -> [{"JNODE_JAVA_OPTS", lists:join(" ", [to_list(O) || O <- JavaOpts])}]
           end,
    Output = maps:get(output, Opts, fun(Line) -> io:format("[~s] ~s~n", [Node, Line]) end),
    Port = open_port({spawn_executable, jnode(Opts)},
                     [{args, Args}, {env, Env}, {line, 16384}, binary, exit_status, stderr_to_stdout, use_stdio]),
    Deadline = erlang:monotonic_time(millisecond) + maps:get(timeout, Opts, 30000),
    case await_ready(Port, Node, Output, Deadline) of
        ok ->
            Caller ! {self(), started, Node},
            loop(Port, Node, Output, Caller);
        {error, Reason} ->
            catch port_close(Port),
            Caller ! {self(), failed, Reason}
    end.

%% Ready: the node answers an erpc call (it is registered, connected and serving).
await_ready(Port, Node, Output, Deadline) ->
    receive
        {Port, {data, {_, Line}}} -> Output(Line), await_ready(Port, Node, Output, Deadline);
        {Port, {exit_status, Status}} -> {error, {exited, Status}}
    after 100 ->
        case catch erpc:call(Node, erlang, node, [], 1000) of
            Node -> ok;
            _ ->
                case erlang:monotonic_time(millisecond) > Deadline of
                    true -> {error, timeout};
                    false -> await_ready(Port, Node, Output, Deadline)
                end
        end
    end.

loop(Port, Node, Output, Caller) ->
    receive
        {Port, {data, {_, Line}}} ->
            Output(Line),
            loop(Port, Node, Output, Caller);
        {Port, {exit_status, _}} ->
            ok;
        {From, node} ->
            From ! {self(), node, Node},
            loop(Port, Node, Output, Caller);
        {_From, stop} ->
            catch erpc:call(Node, init, stop, [], 2000),
            wait_exit(Port, Output);
        {'EXIT', Caller, _} ->
            catch port_close(Port); % the node sees its input end and stops
        {'EXIT', Port, _} ->
            ok
    end.

wait_exit(Port, Output) ->
    receive
        {Port, {data, {_, Line}}} -> Output(Line), wait_exit(Port, Output);
        {Port, {exit_status, _}} -> ok
    after 10000 ->
        catch port_close(Port)
    end.

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
