%% jnode nodes as genuine Erlang nodes, checked from the Erlang side: the thesis ping-pong with each half
%% on either side, links and monitors both ways with each kind of reason, exit/2, node monitoring, ticks,
%% kill -9 while messages flow, a three-node mesh, wrong cookies, spawn requests, hostile peers.
%% The suite runs its own port mapper (jnode epmd) on a free port and starts and stops every node itself.
-module(dist_SUITE).
-include_lib("common_test/include/ct.hrl").
-compile([export_all, nowarn_export_all]).

-define(COOKIE, "luanode_dist_suite").

all() ->
    [ping_and_visibility, pingpong_lua_pong_beam_ping, pingpong_beam_pong_lua_ping, pingpong_lua_lua,
     beam_links_lua_each_reason, lua_links_beam, lua_links_and_monitors_beam_by_name, exit2_from_beam,
     beam_monitors_lua, lua_monitors_beam,
     node_monitoring, ticks_keep_idle_connections_and_detect_dead_peers, kill9_fires_noconnection,
     three_node_mesh, wrong_cookie_refused_both_ways, beam_spawns_lua_processes, rpc_calls_lua_functions,
     lua_spawns_on_lua_node, beam_calls_lua_genserver, lua_calls_beam_gen_server,
     lua_call_to_a_node_that_goes_away, lua_supervisor_restarts_a_crashing_child,
     hostile_peer_loses_only_its_connection, long_names, big_and_small_messages_keep_their_order,
     last_messages_arrive_before_the_node_stops].

suite() -> [{timetrap, {minutes, 3}}].

%% The port mapper is the one ERL_EPMD_PORT names (make test-erlang starts a private one); this node
%% can only use the port it was booted with, so the suite starts a mapper there when none answers.
init_per_suite(Config) ->
    Port = list_to_integer(os:getenv("ERL_EPMD_PORT", "4369")),
    case luanode_test:wait_answering(Port, 1) of
        ok -> ok;
        _ -> {0, _} = luanode_test:run_jnode(["epmd", "-daemon", "-port", integer_to_list(Port)], 30000)
    end,
    {ok, _} = net_kernel:start([luanode_ct, shortnames]),
    erlang:set_cookie(node(), list_to_atom(?COOKIE)),
    [{epmd_port, Port} | Config].

end_per_suite(_Config) ->
    net_kernel:stop(),
    ok.

init_per_testcase(_Case, Config) ->
    process_flag(trap_exit, false),
    Config.

end_per_testcase(_Case, _Config) ->
    [stop_jnode(J) || J <- erase_jnodes()],
    ok.

%% -- the cases ------------------------------------------------------------------------------------

ping_and_visibility(_Config) ->
    J = start_agent(a1),
    pong = net_adm:ping(J),
    true = lists:member(J, nodes()),            % a published node, not hidden
    false = lists:member(J, nodes(hidden)).

pingpong_lua_pong_beam_ping(_Config) ->
    J = start_jnode(lpong, ["lua/examples/distributed/pong.lua", "lpong"], ping),
    thesis_pingpong:ping(3, J),
    {0, Out} = wait_exit(J),
    [<<"pong received ping">>, <<"pong received ping">>, <<"pong received ping">>, <<"pong finished">>] = Out.

pingpong_beam_pong_lua_ping(_Config) ->
    thesis_pingpong:start_pong(),
    J = start_jnode(lping, ["lua/examples/distributed/ping.lua", atom_to_list(node()), "lping"], none),
    {0, Out} = wait_exit(J),
    [<<"ping received pong">>, <<"ping received pong">>, <<"ping received pong">>, <<"ping finished">>] = Out.

pingpong_lua_lua(_Config) ->
    Pong = start_jnode(llpong, ["lua/examples/distributed/pong.lua", "llpong"], ping),
    Ping = start_jnode(llping, ["lua/examples/distributed/ping.lua", atom_to_list(Pong), "llping"], none),
    {0, PingOut} = wait_exit(Ping),
    {0, PongOut} = wait_exit(Pong),
    [<<"ping received pong">>, <<"ping received pong">>, <<"ping received pong">>, <<"ping finished">>] = PingOut,
    [<<"pong received ping">>, <<"pong received ping">>, <<"pong received ping">>, <<"pong finished">>] = PongOut.

beam_links_lua_each_reason(_Config) ->
    J = start_agent(a2),
    process_flag(trap_exit, true),
    Cases = [{#{op => return}, fun(R) -> R =:= normal end},
             {#{op => exit, reason => finished}, fun(R) -> R =:= finished end},
             {#{op => exit, reason => <<"finished">>}, fun(R) -> R =:= finished end},
             {#{op => exit, reason => {shutdown, 42}}, fun(R) -> R =:= {shutdown, 42} end},
             {#{op => error, message => <<"boom">>},
              fun(R) -> is_binary(R) andalso match(R, "boom") andalso match(R, "stack traceback") end}],
    [begin
         W = worker(J),
         true = link(W),
         W ! Cmd,
         receive {'EXIT', W, Reason} -> true = Check(Reason)
         after 5000 -> ct:fail({no_exit_for, Cmd})
         end
     end || {Cmd, Check} <- Cases],
    W = worker(J),
    true = link(W),
    exit(W, kill),
    receive {'EXIT', W, killed} -> ok after 5000 -> ct:fail(no_killed) end.

lua_links_beam(_Config) ->
    J = start_agent(a3),
    %% a trapping Lua process gets the exit as a message
    W = worker(J),
    W ! #{op => trap}, {done, trap, true} = recv(),
    E = spawn(fun() -> receive R -> exit(R) end end),
    W ! #{op => link, target => E}, {done, link, true} = recv(),
    E ! foo,
    #{<<"signal">> := <<"EXIT">>, <<"from">> := E, <<"reason">> := <<"foo">>} = recv(),
    %% a non-trapping one dies with the same reason
    W2 = worker(J),
    E2 = spawn(fun() -> receive R -> exit(R) end end),
    W2 ! #{op => link, target => E2}, {done, link, true} = recv(),
    Ref = monitor(process, W2),
    E2 ! bar,
    receive {'DOWN', Ref, process, W2, Why} -> bar = Why after 5000 -> ct:fail({lua_not_taken_down, flush()}) end,
    %% a normal exit does not take it down
    W3 = worker(J),
    E3 = spawn(fun() -> receive R -> exit(R) end end),
    W3 ! #{op => link, target => E3}, {done, link, true} = recv(),
    E3 ! normal,
    timer:sleep(200),
    W3 ! #{op => echo, value => alive}, {echo, alive} = recv(),
    %% and unlink works across nodes
    E4 = spawn(fun() -> receive R -> exit(R) end end),
    W3 ! #{op => link, target => E4}, {done, link, true} = recv(),
    W3 ! #{op => unlink, target => E4}, {done, unlink, true} = recv(),
    E4 ! baz,
    timer:sleep(200),
    W3 ! #{op => echo, value => still_alive}, {echo, still_alive} = recv().

%% Messages bigger than the node's read and write buffers (64 KB, 256 KB), between small ones sent
%% back to back, arrive whole and in order both ways.
big_and_small_messages_keep_their_order(_Config) ->
    J = start_agent(a11),
    W = worker(J),
    Big = [binary:copy(<<"0123456789abcdef">>, 200000),               % 3.2 MB binary
           lists:seq(1, 100000),                                        % a long list
           #{<<"nested">> => [{I, <<"x">>} || I <- lists:seq(1, 20000)]}],
    Values = lists:append([[{small, I}, B] || {I, B} <- lists:zip(lists:seq(1, length(Big)), Big)])
             ++ [{small, I} || I <- lists:seq(100, 2000)],
    [W ! #{op => echo, value => V} || V <- Values],
    expect_in_order(J, Values).

%% Receives {echo, V} for each of Values in turn; on a mismatch fails saying where, what came instead
%% (and the next few), and what the node logged.
expect_in_order(J, Values) -> expect_in_order(J, Values, 1).

expect_in_order(_J, [], _Index) -> ok;
expect_in_order(J, [V | Rest], Index) ->
    case recv() of
        {echo, V} -> expect_in_order(J, Rest, Index + 1);
        Other ->
            Next = [summary(recv_or_nothing(2000)) || _ <- lists:seq(1, 5)],
            ct:fail({out_of_order, {at, Index}, {expected, summary(V)}, {got, summary(Other)}, {then, Next},
                     {node_log, drain_output(J)}})
    end.

summary(B) when is_binary(B) -> {binary, byte_size(B)};
summary(L) when is_list(L) -> {list, length(L)};
summary(M) when is_map(M) -> {map, maps:size(M)};
summary(T) when is_tuple(T) -> list_to_tuple([summary(E) || E <- tuple_to_list(T)]);
summary(X) -> X.

%% A script that sends and ends at once (as the thesis's ping does with its 'finished'): jnode stops
%% right after, and every message still arrives, in order.
last_messages_arrive_before_the_node_stops(_Config) ->
    N = 3000,
    register(collector, self()),
    J = start_jnode(words, ["lua/test/dist/last_words.lua", atom_to_list(node()), integer_to_list(N)], none),
    [receive {I, Payload} -> 1000 = byte_size(Payload) after 10000 -> ct:fail({missing, I}) end
     || I <- lists:seq(1, N)],
    {0, _} = wait_exit(J),
    unregister(collector).

exit2_from_beam(_Config) ->
    J = start_agent(a4),
    W = worker(J),
    Ref = monitor(process, W),
    exit(W, normal),                           % ignored by a non-trapping process
    W ! #{op => echo, value => 1}, {echo, 1} = recv(),
    exit(W, bye),
    receive {'DOWN', Ref, process, W, bye} -> ok after 5000 -> ct:fail(no_down) end,
    T = worker(J),
    T ! #{op => trap}, {done, trap, true} = recv(),
    exit(T, please_stop),
    Me = self(),
    #{<<"signal">> := <<"EXIT">>, <<"from">> := Me, <<"reason">> := <<"please_stop">>} = recv().

beam_monitors_lua(_Config) ->
    J = start_agent(a5),
    W = worker(J),
    Ref = monitor(process, W),
    W ! #{op => return},
    receive {'DOWN', Ref, process, W, normal} -> ok after 5000 -> ct:fail(no_down_normal) end,
    Ref2 = monitor(process, W),                % W is dead now
    receive {'DOWN', Ref2, process, W, noproc} -> ok after 5000 -> ct:fail(no_down_noproc) end,
    W2 = worker(J),
    Ref3 = monitor(process, W2),
    W2 ! #{op => error, message => <<"crash">>},
    receive {'DOWN', Ref3, process, W2, R3} -> true = match(R3, "crash") after 5000 -> ct:fail(no_down_error) end,
    %% by registered name
    Ref4 = monitor(process, {agent, J}),
    true = demonitor(Ref4),
    Ref5 = monitor(process, {no_such_name, J}),
    receive {'DOWN', Ref5, process, {no_such_name, J}, noproc} -> ok after 5000 -> ct:fail(no_down_name) end.

%% ConcurrentLua names a process on another node {Name, Node}: link, isalive and monitor take that
%% form for a BEAM node's registered processes too (the name is looked up there first).
lua_links_and_monitors_beam_by_name(_Config) ->
    J = start_agent(a_byname),
    W = worker(J),
    W ! #{op => trap}, {done, trap, true} = recv(),
    Here = atom_to_binary(node()),
    E = spawn(fun() -> receive R -> exit(R) end end),
    true = register(byname_linked, E),
    W ! #{op => link, target => [<<"byname_linked">>, Here]}, {done, link, true} = recv(),
    W ! #{op => isalive, target => [<<"byname_linked">>, Here]}, {done, isalive, true} = recv(),
    E ! foo,
    #{<<"signal">> := <<"EXIT">>, <<"from">> := E, <<"reason">> := <<"foo">>} = recv(),
    W ! #{op => isalive, target => [<<"byname_linked">>, Here]}, {done, isalive, false} = recv(),
    E2 = spawn(fun() -> receive R -> exit(R) end end),
    true = register(byname_monitored, E2),
    W ! #{op => monitor, target => [<<"byname_monitored">>, Here]}, {done, monitor, _} = recv(),
    E2 ! bar,
    #{<<"signal">> := <<"DOWN">>, <<"reason">> := <<"bar">>} = recv(),
    %% a name nobody has there: the link fires noproc
    W ! #{op => link, target => [<<"byname_nobody">>, Here]}, {done, link, true} = recv(),
    #{<<"signal">> := <<"EXIT">>, <<"reason">> := <<"noproc">>} = recv().

%% gen_server:call/cast and sys from BEAM to a Lua genserver (OTP 25's gen:call replies through an
%% alias: the Lua side answers with ALIAS_SEND).
beam_calls_lua_genserver(_Config) ->
    J = start_jnode(lotp1, ["lua/test/dist/otp_server.lua"], "otp ready"),
    S = {lua_counter, J},
    0 = gen_server:call(S, get),
    ok = gen_server:cast(S, {add, 5}),
    5 = gen_server:call(S, get),
    7 = gen_server:call(S, {add, 2}),
    7 = sys:get_state(S),
    8 = sys:replace_state(S, fun(N) -> N + 1 end),   % the fun runs here, on the caller's node
    8 = gen_server:call(S, get),
    7 = sys:replace_state(S, fun(N) -> N - 1 end),
    ok = sys:suspend(S),
    ok = sys:resume(S),
    7 = gen_server:call(S, get),
    %% a call that gets no reply times out; the late reply never reaches the caller (alias)
    try gen_server:call(S, silent, 200) of
        Answer -> ct:fail({a_silent_server_answered, Answer})
    catch
        exit:{timeout, _} -> ok
    end,
    [] = [M || M <- flush(), not is_output(M)],
    stopping = gen_server:call(S, stop),
    timer:sleep(100),
    try gen_server:call(S, get, 1000) of
        Late -> ct:fail({a_stopped_server_answered, Late})
    catch
        exit:{noproc, _} -> ok
    end.

%% concurrent.call from Lua to a BEAM gen_server: the reply comes while unrelated messages wait (and
%% stay, in order); a dead server is noproc; a server that dies during the call gives its reason.
lua_calls_beam_gen_server(_Config) ->
    J = start_jnode(lotp2, ["lua/test/dist/otp_server.lua"], "otp ready"),
    {ok, _} = luanode_echo_server:start(beam_echo),
    Here = atom_to_binary(node()),
    Call = fun(Dest, Req, Timeout) ->
                   {caller, J} ! #{op => call, dest => Dest, req => Req, timeout => Timeout, report => self()},
                   recv()
           end,
    {called, ok, <<"hi">>, [unrelated1, unrelated2]} = Call([<<"beam_echo">>, Here], {echo, <<"hi">>}, 5000),
    {called, ok, 42, _} = Call(whereis(beam_echo), {echo, 42}, 5000),
    {called, error, {timeout, {gen_server, call, _}}, [unrelated1, unrelated2]} =
        Call([<<"beam_echo">>, Here], slow, 200),
    {called, error, <<"going_away">>, _} = Call([<<"beam_echo">>, Here], stop_now, 5000),
    {called, error, <<"noproc">>, _} = Call([<<"beam_echo">>, Here], {echo, 1}, 5000),
    %% concurrent.rpc: an Erlang function on this node, and its failure
    Rpc = fun(M, F, A) ->
                  {caller, J} ! #{op => rpc, node => node(), mod => M, fn => F, args => A, report => self()},
                  recv()
          end,
    {rpc, ok, [b, a]} = Rpc(lists, reverse, [[a, b]]),
    {rpc, error, _} = Rpc(erlang, error, [boom]).

%% A Lua concurrent.call to a Lua genserver on another node that is killed meanwhile raises noconnection.
lua_call_to_a_node_that_goes_away(_Config) ->
    Server = start_jnode(lotp3, ["lua/test/dist/otp_server.lua"], "otp ready"),
    Caller = start_jnode(lotp4, ["lua/test/dist/otp_server.lua"], "otp ready"),
    {caller, Caller} ! #{op => call, dest => [<<"lua_counter">>, atom_to_binary(Server)], req => silent,
                         timeout => infinity, report => self()},
    timer:sleep(1000),
    stop_jnode(Server),
    {called, error, <<"noconnection">>, _} = recv().

%% A Lua supervisor restarts its genserver child when a BEAM caller crashes it, within its restart
%% intensity (2 in 10 s); the third crash ends the supervisor, and the child is gone for good.
lua_supervisor_restarts_a_crashing_child(_Config) ->
    J = start_jnode(lotp5, ["lua/test/dist/otp_server.lua"], "otp ready"),
    S = {supervised, J},
    3 = gen_server:call(S, {add, 3}),
    Crash = fun() ->
                    try gen_server:call(S, crash) of
                        Answer -> ct:fail({no_crash, Answer})
                    catch
                        exit:{Reason, _} -> Reason
                    end
            end,
    {_, _} = binary:match(Crash(), <<"asked to crash">>),
    ok = luanode_test:wait_until(fun() -> call_or_exit(S, get) =:= 0 end, 100), % restarted afresh
    _ = Crash(),
    ok = luanode_test:wait_until(fun() -> call_or_exit(S, get) =:= 0 end, 100),
    _ = Crash(),
    timer:sleep(300),
    try gen_server:call(S, get, 1000) of
        Late -> ct:fail({still_supervised, Late})
    catch
        exit:{noproc, _} -> ok
    end.

is_output({jnode_output, _, _}) -> true;
is_output(_) -> false.

lua_monitors_beam(_Config) ->
    J = start_agent(a6),
    W = worker(J),
    E = spawn(fun() -> receive R -> exit(R) end end),
    W ! #{op => monitor, target => E}, {done, monitor, _Ref} = recv(),
    E ! bar,
    #{<<"signal">> := <<"DOWN">>, <<"from">> := E, <<"reason">> := <<"bar">>} = recv(),
    %% a registered name on this node, named {name, node} as in ConcurrentLua
    E2 = spawn(fun() -> receive R -> exit(R) end end),
    register(ct_target, E2),
    W ! #{op => monitor, target => [ct_target, node()]}, {done, monitor, _} = recv(),
    E2 ! normal,
    #{<<"signal">> := <<"DOWN">>, <<"reason">> := <<"normal">>} = recv(),
    %% a dead pid: noproc
    W ! #{op => monitor, target => E}, {done, monitor, _} = recv(),
    #{<<"signal">> := <<"DOWN">>, <<"reason">> := <<"noproc">>} = recv(),
    %% demonitor: no DOWN
    E3 = spawn(fun() -> receive R -> exit(R) end end),
    W ! #{op => monitor, target => E3}, {done, monitor, _} = recv(),
    W ! #{op => demonitor, target => E3}, {done, demonitor, true} = recv(),
    E3 ! gone,
    nothing = recv_or_nothing(300).

node_monitoring(_Config) ->
    ok = net_kernel:monitor_nodes(true),
    J = start_agent(a7),
    pong = net_adm:ping(J),
    receive {nodeup, J} -> ok after 5000 -> ct:fail(no_nodeup) end,
    true = erlang:monitor_node(J, true),
    %% the Lua side monitors a BEAM node
    {ok, Peer, PeerNode} = start_peer(watched),
    W = worker(J),
    W ! #{op => monitornode, target => atom_to_binary(PeerNode)}, {done, monitornode, true} = recv(),
    peer:stop(Peer),
    Expected = atom_to_binary(PeerNode),
    #{<<"signal">> := <<"NODEDOWN">>, <<"node">> := Expected} = recv(),
    stop_jnode(J),
    receive {nodedown, J} -> ok after 5000 -> ct:fail(no_monitor_node_nodedown) end,
    receive {nodedown, J} -> ok after 5000 -> ct:fail(no_monitor_nodes_nodedown) end,
    net_kernel:monitor_nodes(false).

ticks_keep_idle_connections_and_detect_dead_peers(_Config) ->
    %% every node of the cluster on the same tick time, as BEAM requires: a node on 60 s would tick
    %% too seldom for the others, they would drop it, and global would make them leave each other
    Old = net_kernel:get_net_ticktime(),
    net_kernel:set_net_ticktime(4, 0),
    try ticks() after net_kernel:set_net_ticktime(Old, 0) end.

ticks() ->
    J = start_agent(a8, [{"JNODE_JAVA_OPTS", "-Dluanode.net_ticktime=4"}]),
    {ok, Peer, _} = start_peer(ticker, ["-kernel", "net_ticktime", "4"]),
    pong = peer:call(Peer, net_adm, ping, [J]),
    timer:sleep(9000),                          % idle for two tick times: ticks keep it up
    true = lists:member(J, peer:call(Peer, erlang, nodes, [])),
    W = worker(J),                              % a Lua process computing for three tick times
    W ! #{op => spin, seconds => 12},           % must not stop the node's ticks
    {done, spin, true} = recv(20000),
    true = lists:member(J, peer:call(Peer, erlang, nodes, [])),
    ok = peer:call(Peer, net_kernel, monitor_nodes, [true]),
    OsPid = os_pid(J),
    os:cmd("kill -STOP " ++ OsPid),             % frozen: no more ticks
    try
        ok = luanode_test:wait_until(fun() -> not lists:member(J, peer:call(Peer, erlang, nodes, [])) end, 200)
    after
        os:cmd("kill -CONT " ++ OsPid)
    end,
    peer:stop(Peer).

kill9_fires_noconnection(_Config) ->
    J = start_agent(a9),
    ok = net_kernel:monitor_nodes(true),
    process_flag(trap_exit, true),
    Sink = spawn_link(fun() -> sink(0) end),
    W = spawn_worker(J, Sink),
    link(W),
    Ref = monitor(process, W),
    Streamer = spawn_link(fun() -> stream(W, 1) end),
    timer:sleep(500),                           % messages are flowing
    os:cmd("kill -9 " ++ os_pid(J)),
    receive {'DOWN', Ref, process, W, noconnection} -> ok after 10000 -> ct:fail(no_down) end,
    receive {'EXIT', W, noconnection} -> ok after 10000 -> ct:fail(no_exit) end,
    receive {nodedown, J} -> ok after 10000 -> ct:fail(no_nodedown) end,
    Sink ! {count, self()},
    receive {count, N} -> ct:pal("~p echoes before the kill", [N]), true = N > 0 end,
    unlink(Streamer), exit(Streamer, kill),
    %% and a Lua process across a killed BEAM node sees noconnection too
    J2 = start_agent(a10),
    {ok, Peer, PeerNode} = start_peer(victim),
    E = peer:call(Peer, erlang, spawn, [timer, sleep, [infinity]]),
    W2 = worker(J2),
    W2 ! #{op => trap}, {done, trap, true} = recv(),
    W2 ! #{op => link, target => E}, {done, link, true} = recv(),
    W2 ! #{op => monitor, target => E}, {done, monitor, _} = recv(),
    os:cmd("kill -9 " ++ peer:call(Peer, os, getpid, [])),
    Signals = lists:sort([maps:get(<<"signal">>, recv()), maps:get(<<"signal">>, recv())]),
    [<<"DOWN">>, <<"EXIT">>] = Signals,
    try peer:stop(Peer) catch _:_ -> ok end, % the node was killed; its peer process may be gone
    false = lists:member(PeerNode, nodes()).

three_node_mesh(_Config) ->
    J1 = start_agent(m1),
    J2 = start_agent(m2),
    W1 = worker(J1),
    %% J1 asks J2's agent (Lua to Lua) for a worker that reports here
    W1 ! #{op => send, to => [agent, J2], msg => #{op => spawn, from => self()}},
    {worker, W2} = recv(),
    J2 = node(W2),
    W1 ! #{op => send, to => W2, msg => #{op => echo, value => 42}},
    {echo, 42} = recv(),
    {agent, J1} ! #{op => nodes, from => self()},
    {nodes, Nodes1} = recv(),
    true = lists:member(atom_to_binary(J2), Nodes1),
    true = lists:member(atom_to_binary(node()), Nodes1),
    {agent, J2} ! #{op => nodes, from => self()},
    {nodes, Nodes2} = recv(),
    true = lists:member(atom_to_binary(J1), Nodes2).

wrong_cookie_refused_both_ways(_Config) ->
    Good = start_agent(c1),
    Bad = start_jnode(c2, ["--cookie", "not_the_cookie", "lua/test/dist/agent.lua"], "agent ready"),
    pang = net_adm:ping(Bad),                   % we initiate, it refuses us
    C3 = start_jnode(c3, ["--cookie", "not_the_cookie", "-e",
                          "require 'concurrent' print('alive', concurrent.isnodealive('" ++ atom_to_list(node()) ++ "'))"],
                     none),
    {0, Lines} = wait_exit(C3),
    Out = iolist_to_binary(lists:join("\n", Lines)),
    true = match(Out, "alive\tfalse"),          % it initiates, we refuse it
    pong = net_adm:ping(Good),                  % everybody else is served as before
    {ok, Peer, _} = start_peer(badcookie, ["-setcookie", "not_the_cookie"]),
    pong = peer:call(Peer, net_adm, ping, [Bad]),
    peer:stop(Peer),
    Log = drain_output(Bad),
    true = match(Log, "wrong cookie").

beam_spawns_lua_processes(_Config) ->
    J = start_agent(s1),
    Pid = spawn(J, remote_mod, double, [self(), 21]),
    J = node(Pid),
    {doubled, 42, Pid} = recv(),
    {P2, Ref2} = spawn_monitor(J, remote_mod, wait_then_exit, [because]),
    P2 ! go,
    receive {'DOWN', Ref2, process, P2, because} -> ok after 5000 -> ct:fail(no_down) end,
    process_flag(trap_exit, true),
    P3 = spawn_link(J, remote_mod, wait_then_exit, [linked_exit]),
    P3 ! go,
    receive {'EXIT', P3, linked_exit} -> ok after 5000 -> ct:fail(no_exit) end,
    {P4, Ref4} = spawn_monitor(J, remote_mod, no_such_function, []),
    receive {'DOWN', Ref4, process, P4, R4} -> true = match(R4, "undefined function") after 5000 -> ct:fail(no_undef) end,
    register(collector, self()),
    spawn(J, remote_mod, sum_to_collector, [1, 2]),
    3 = recv(),
    unregister(collector).

%% rpc:call/erpc:call into Lua functions: results, Lua errors, exits and missing functions come back as
%% they do from an Erlang callee.
rpc_calls_lua_functions(_Config) ->
    J = start_agent(c1),
    3 = rpc:call(J, remote_mod, add, [1, 2]),                     % [1, 2] travels as a string
    <<"hello, joe">> = erpc:call(J, remote_mod, greet, [<<"joe">>]),
    nil = erpc:call(J, remote_mod, nothing, []),                  % no result: nil
    <<"first">> = erpc:call(J, remote_mod, two, []),              % several results: the first
    [{ok, 5}, {ok, 5}] = erpc:multicall([J, J], remote_mod, add, [2, 3]),
    {badrpc, {'EXIT', {undef, [{remote_mod, nope, [1], []}]}}} = rpc:call(J, remote_mod, nope, [1]),
    {badrpc, {'EXIT', {undef, [{no_such_module, f, [], []}]}}} = rpc:call(J, no_such_module, f, []),
    try erpc:call(J, remote_mod, fail, [<<"bad input">>]) of R1 -> ct:fail({no_error, R1})
    catch error:{exception, Reason, [{remote_mod, fail, 1, _}]} -> true = match(Reason, "bad input")
    end,
    try erpc:call(J, remote_mod, quit, [done]) of R2 -> ct:fail({no_exit, R2})
    catch exit:{exception, done} -> ok
    end,
    ok = erpc:cast(J, remote_mod, double, [self(), 4]),            % a cast runs the function too
    {doubled, 8, _} = recv().

lua_spawns_on_lua_node(_Config) ->
    J1 = start_agent(r1),
    J2 = start_agent(r2),
    {agent, J1} ! #{op => remote_spawn, from => self(), node => atom_to_binary(J2), fn => <<"remote_echo">>,
                    arg => self(), arg2 => 5},
    %% two senders (r1's agent replies, the new process on r2 echoes): either message may come first
    Pid = receive {spawned, P, nil} -> P after 10000 -> ct:fail(no_spawn_reply) end,
    J2 = node(Pid),
    Expected = atom_to_binary(J2),
    receive {remote_echo, 5, Expected} -> ok after 10000 -> ct:fail(no_remote_echo) end,
    %% a process spawned with monitor and link that ends at once: its DOWN and EXIT come right behind the
    %% spawn reply, and both reach the spawning process (every time, not only when the reply wins)
    [begin
         {agent, J1} ! #{op => remote_spawn_watched, from => self(), node => atom_to_binary(J2), fn => <<"no_such_function">>},
         {watched, [<<"DOWN">>, <<"EXIT">>]} = recv()
     end || _ <- lists:seq(1, 10)].

hostile_peer_loses_only_its_connection(_Config) ->
    J = start_agent(h1),
    [Name, _] = string:split(atom_to_list(J), "@"),
    {port, Port, _} = erl_epmd:port_please(Name, "localhost"),
    Junk = [<<0, 5, 1, 2, 3, 4, 5>>, <<0, 200, "N">>, crypto:strong_rand_bytes(300), <<0, 0>>],
    [begin
         {ok, S} = gen_tcp:connect("localhost", Port, [binary, {active, false}]),
         ok = gen_tcp:send(S, Bytes),
         ok = gen_tcp:shutdown(S, write),
         {error, closed} = recv_until_closed(S),
         gen_tcp:close(S)
     end || Bytes <- Junk],
    pong = net_adm:ping(J),
    W = worker(J),
    W ! #{op => echo, value => fine}, {echo, fine} = recv().

long_names(_Config) ->
    %% -name nodes with fully qualified host names (here an address), both kinds of peer
    J = start_jnode(long1, ["lua/test/dist/agent.lua"], "agent ready", [],
                    #{host => "127.0.0.1", longnames => true}),
    'long1@127.0.0.1' = J,
    Env = case os:getenv("ERL_EPMD_PORT") of false -> []; P -> [{"ERL_EPMD_PORT", P}] end,
    {ok, Peer, _} = peer:start(#{name => long2, host => "127.0.0.1", longnames => true, connection => standard_io,
                                 env => Env, args => ["-setcookie", ?COOKIE]}),
    try
        pong = peer:call(Peer, net_adm, ping, [J]),
        true = lists:member(J, peer:call(Peer, erlang, nodes, []))
    after
        peer:stop(Peer)
    end.

%% -- helpers --------------------------------------------------------------------------------------

start_agent(Name) -> start_agent(Name, []).

start_agent(Name, Env) ->
    start_jnode(Name, ["lua/test/dist/agent.lua"], "agent ready", Env).

start_jnode(Name, Args, ReadyWhen) -> start_jnode(Name, Args, ReadyWhen, []).

%% Starts bin/jnode as node Name with luanode_peer (Args: ["--cookie", C] if not the suite's, the script
%% and its arguments); ReadyWhen: ping (it answers), a line prefix it prints when ready, or none. Every
%% line it prints arrives here as {jnode_output, Node, Line}.
start_jnode(Name, Args, ReadyWhen, Env) -> start_jnode(Name, Args, ReadyWhen, Env, #{}).

start_jnode(Name, Args, ReadyWhen, Env, More) ->
    {Cookie, Main} = case Args of
                         ["--cookie", C | Rest] -> {C, Rest};
                         _ -> {?COOKIE, Args}
                     end,
    Program = case Main of
                  ["-e", Code] -> #{code => Code};
                  [Script | ScriptArgs] -> #{script => Script, args => ScriptArgs}
              end,
    Host = maps:get(host, More, host()),
    Node = list_to_atom(atom_to_list(Name) ++ "@" ++ Host),
    Self = self(),
    Wait = case ReadyWhen of
               none -> started;
               ping -> answer;
               Prefix -> {line, list_to_binary(Prefix)}
           end,
    Opts = maps:merge(Program#{name => Name, host => Host, cookie => Cookie,
                               env => Env, cd => luanode_test:root(), jnode => luanode_test:jnode(), wait => Wait,
                        output => fun(Line) -> Self ! {jnode_output, Node, Line} end}, More),
    case luanode_peer:start(Opts) of
        {ok, Peer, Node} ->
            put({jnode, Node}, Peer),
            put(jnodes, [Node | case get(jnodes) of undefined -> []; L -> L end]),
            Node;
        {error, Reason} ->
            ct:fail({jnode_not_ready, Node, Reason, drain_output(Node)})
    end.

%% Waits for a jnode to end; returns its exit status and the lines it printed (log lines left out).
wait_exit(Node) ->
    case luanode_peer:wait_exit(get({jnode, Node}), 30000) of
        {ok, Status} ->
            Lines = binary:split(drain_output(Node), <<"\n">>, [global, trim_all]),
            {Status, [L || L <- Lines, not is_log_line(L)]};
        {error, timeout} ->
            ct:fail({jnode_did_not_end, Node, drain_output(Node)})
    end.

is_log_line(<<"=", _/binary>>) -> true;
is_log_line(_) -> false.

%% What Node printed so far (kept by recv/0 or still in the mailbox), one line each.
drain_output(Node) ->
    drain(Node),
    Lines = lists:reverse(get_out(Node)),
    put({out, Node}, []),
    iolist_to_binary(lists:join("\n", Lines)).

drain(Node) ->
    receive {jnode_output, Node, Line} -> put({out, Node}, [Line | get_out(Node)]), drain(Node)
    after 200 -> ok
    end.

get_out(Node) -> case get({out, Node}) of undefined -> []; L -> L end.

stop_jnode(Node) ->
    case erase({jnode, Node}) of
        undefined -> ok;
        Peer -> luanode_peer:stop(Peer)
    end.

flush() ->
    receive M -> [M | flush()] after 0 -> [] end.

erase_jnodes() ->
    case erase(jnodes) of undefined -> []; L -> L end.

os_pid(Node) -> integer_to_list(luanode_peer:os_pid(get({jnode, Node}))).

worker(J) -> spawn_worker(J, self()).

spawn_worker(J, Reporter) ->
    {agent, J} ! #{op => spawn, from => self(), report => Reporter},
    receive {worker, W} -> W after 10000 -> ct:fail({no_worker_from, J}) end.

%% gen_server:call's answer, or the exit reason while the server is down or restarting.
call_or_exit(Server, Request) ->
    try gen_server:call(Server, Request) catch exit:Reason -> {exit, Reason} end.

recv() -> recv(10000).

recv(Timeout) ->
    receive
        {jnode_output, _, _} = M -> keep_output(M), recv(Timeout);
        {nodeup, _} -> recv(Timeout);
        {nodedown, _} -> recv(Timeout);
        {'EXIT', Starter, normal} when node(Starter) =:= node() -> recv(Timeout); % a stopped luanode_peer
        M -> M
    after Timeout -> ct:fail(nothing_received)
    end.

%% Output of a jnode that arrived while waiting for something else: logged, and kept for failure reports.
keep_output({jnode_output, Node, Line}) ->
    ct:pal("~s: ~s", [Node, Line]),
    put({out, Node}, [Line | lists:sublist(get_out(Node), 199)]).

recv_or_nothing(Ms) ->
    receive
        {jnode_output, _, _} = M -> keep_output(M), recv_or_nothing(Ms);
        M -> M
    after Ms -> nothing
    end.

sink(N) ->
    receive
        {count, From} -> From ! {count, N}, sink(N);
        {echo, _} -> sink(N + 1);
        _ -> sink(N)
    end.

stream(W, N) ->
    W ! #{op => echo, value => N},
    timer:sleep(1),
    stream(W, N + 1).

match(Subject, Pattern) -> re:run(Subject, Pattern) =/= nomatch.

host() ->
    [_, Host] = string:split(atom_to_list(node()), "@"),
    Host.

start_peer(Name) -> start_peer(Name, []).

start_peer(Name, Args) ->
    Cookie = case lists:member("-setcookie", Args) of true -> []; false -> ["-setcookie", ?COOKIE] end,
    Env = case os:getenv("ERL_EPMD_PORT") of false -> []; P -> [{"ERL_EPMD_PORT", P}] end,
    {ok, Peer, Node} = peer:start(#{name => Name, connection => standard_io, env => Env, args => Cookie ++ Args}),
    {ok, Peer, Node}.

recv_until_closed(S) ->
    case gen_tcp:recv(S, 0, 10000) of
        {ok, _} -> recv_until_closed(S);
        Other -> Other
    end.
