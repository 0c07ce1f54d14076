%% A Lua node as a member of the cluster: pg groups shared with BEAM nodes (both ways, monitors, members
%% that end or whose node goes), the introspection BIFs operators call over rpc, and a node that serves.
%% Nodes are started with luanode_peer; the suite's port mapper is the one make test-erlang starts.
-module(cluster_SUITE).
-include_lib("common_test/include/ct.hrl").
-compile([export_all, nowarn_export_all]).

-define(COOKIE, luanode_cluster_suite).

all() ->
    [pg_lua_and_beam_members_see_each_other, pg_monitor_from_lua, pg_members_leave_when_they_end,
     pg_members_leave_with_their_node, pg_between_lua_nodes, pg_scope_other_than_default,
     global_sync_returns_and_names_are_shared, global_names_go_with_their_owner,
     global_trans_with_a_lua_node, global_connects_transitively_lua_first,
     global_connects_transitively_beam_first, global_name_clash_is_resolved,
     three_beam_nodes_and_two_lua_nodes, global_prevents_overlapping_partitions,
     global_lua_node_reports_a_lost_connection, register_with_connectall_is_global, lua_names_meet_through_global, same_name_on_two_lua_nodes,
     introspection_over_rpc, serve_survives_a_crash_and_stops_on_init_stop].

suite() -> [{timetrap, {minutes, 2}}].

init_per_suite(Config) ->
    {ok, _} = net_kernel:start([luanode_cluster_ct, shortnames]),
    erlang:set_cookie(node(), ?COOKIE),
    Config.

end_per_suite(_Config) ->
    net_kernel:stop(),
    ok.

init_per_testcase(_Case, Config) ->
    {ok, Scope} = pg:start(pg),
    unlink(Scope),
    [{scope, Scope} | Config].

end_per_testcase(_Case, Config) ->
    [try luanode_peer:stop(P) catch _:_ -> ok end || P <- erase_peers()], % some stopped themselves
    exit(?config(scope, Config), kill),
    ok.

%% -- pg ---------------------------------------------------------------------------------------------

%% Lua processes that join a group are members on the BEAM node, and BEAM members on the Lua node; a
%% broadcast to the members reaches the Lua processes.
pg_lua_and_beam_members_see_each_other(_Config) ->
    J = start_agent(pg1),
    W1 = worker(J),
    W2 = worker(J),
    {pg, join, true, nil} = pg_op(W1, join, workers),
    {pg, join, true, nil} = pg_op(W2, join, workers),
    ok = wait_until(fun() -> lists:sort(pg:get_members(workers)) =:= lists:sort([W1, W2]) end),
    [] = pg:get_local_members(workers),
    Me = self(),
    ok = pg:join(workers, Me),
    ok = wait_until(fun() -> lists:member(Me, members_seen_by(W1, workers)) end),
    {pg, localmembers, Local, nil} = pg_op(W1, localmembers, workers),
    [W1, W2] = lists:sort(Local),
    [begin M ! #{op => echo, value => {broadcast, M}} end || M <- pg:get_members(workers), M =/= Me],
    Echoes = lists:sort([recv(), recv()]),
    Echoes = lists:sort([{echo, {broadcast, W1}}, {echo, {broadcast, W2}}]),
    {pg, groups, Groups, nil} = pg_op(W1, groups, nil),
    true = lists:member(workers, Groups),
    ok = pg:leave(workers, Me),
    ok = wait_until(fun() -> not lists:member(Me, members_seen_by(W1, workers)) end),
    {pg, leave, true, nil} = pg_op(W1, leave, workers),
    {pg, leave, false, nil} = pg_op(W1, leave, workers),        % not in it any more: not_joined
    ok = wait_until(fun() -> pg:get_members(workers) =:= [W2] end).

%% concurrent.pg.monitor(group): the members now, then a notice for every join and leave, BEAM's too.
pg_monitor_from_lua(_Config) ->
    J = start_agent(pg2),
    W = worker(J),
    {pg, monitor, Ref, []} = pg_op(W, monitor, watched),
    Beam = spawn(fun() -> receive stop -> ok end end),
    ok = pg:join(watched, Beam),
    {got, {Ref, join, watched, [Beam]}} = recv(),
    Beam ! stop,
    {got, {Ref, leave, watched, [Beam]}} = recv(),
    {pg, demonitor, ok, nil} = pg_op(W, demonitor, Ref),
    ok = pg:join(watched, self()),
    nothing = recv_or_nothing(500).

%% A Lua member that ends leaves its groups everywhere; so does a BEAM member for the Lua node.
pg_members_leave_when_they_end(_Config) ->
    J = start_agent(pg3),
    W = worker(J),
    {pg, join, true, nil} = pg_op(W, join, [a_group]),
    ok = wait_until(fun() -> pg:get_members([a_group]) =:= [W] end),
    W ! #{op => return},
    ok = wait_until(fun() -> pg:get_members([a_group]) =:= [] end),
    W2 = worker(J),
    Beam = spawn(fun() -> receive stop -> ok end end),
    ok = pg:join(other_group, Beam),
    ok = wait_until(fun() -> members_seen_by(W2, other_group) =:= [Beam] end),
    Beam ! stop,
    ok = wait_until(fun() -> members_seen_by(W2, other_group) =:= [] end).

%% Members on a node that goes away disappear: a Lua node killed with kill -9, and a BEAM peer stopped.
pg_members_leave_with_their_node(_Config) ->
    J = start_agent(pg4),
    W = worker(J),
    {pg, join, true, nil} = pg_op(W, join, doomed),
    ok = wait_until(fun() -> pg:get_members(doomed) =:= [W] end),
    os:cmd("kill -9 " ++ integer_to_list(luanode_peer:os_pid(peer_of(J)))),
    ok = wait_until(fun() -> pg:get_members(doomed) =:= [] end),
    J2 = start_agent(pg5),
    W2 = worker(J2),
    {ok, Peer, PeerNode} = peer:start(#{name => pg_beam, connection => standard_io,
                                        args => ["-setcookie", atom_to_list(?COOKIE)],
                                        env => [{"ERL_EPMD_PORT", os:getenv("ERL_EPMD_PORT", "4369")}]}),
    {ok, _} = peer:call(Peer, pg, start, [pg]),
    Remote = peer:call(Peer, erlang, spawn, [timer, sleep, [infinity]]),
    ok = peer:call(Peer, pg, join, [far, Remote]),
    pong = peer:call(Peer, net_adm, ping, [J2]),
    ok = wait_until(fun() -> members_seen_by(W2, far) =:= [Remote] end),
    PeerNode = node(Remote),
    peer:stop(Peer),
    ok = wait_until(fun() -> members_seen_by(W2, far) =:= [] end).

%% Two Lua nodes share a group as BEAM nodes do (the BEAM node sees both).
pg_between_lua_nodes(_Config) ->
    J1 = start_agent(pg6),
    J2 = start_agent(pg7),
    W1 = worker(J1),
    W2 = worker(J2),
    W1 ! #{op => send, to => [agent, J2], msg => #{op => nodes, from => self()}}, % connects the two
    {nodes, _} = recv(),
    {pg, join, true, nil} = pg_op(W1, join, shared),
    {pg, join, true, nil} = pg_op(W2, join, shared),
    Both = lists:sort([W1, W2]),
    ok = wait_until(fun() -> lists:sort(members_seen_by(W1, shared)) =:= Both end),
    ok = wait_until(fun() -> lists:sort(members_seen_by(W2, shared)) =:= Both end),
    ok = wait_until(fun() -> lists:sort(pg:get_members(shared)) =:= Both end).

%% A scope other than pg: concurrent.pg.scope(name) on the Lua side, pg:start(Name) on this one.
pg_scope_other_than_default(_Config) ->
    {ok, Other} = pg:start(other_scope),
    try
        J = start_agent(pg8),
        W = worker(J),
        {agent, J} ! #{op => nodes, from => self()},
        {nodes, _} = recv(),
        ok = pg:join(other_scope, g, self()),
        ok = wait_until(fun() -> members_in_scope(W, other_scope, g) =:= [self()] end),
        [] = members_seen_by(W, g)
    after
        exit(Other, kill)
    end.

%% -- global -------------------------------------------------------------------------------------------

%% global:sync() returns with a Lua node connected; names registered on either side are seen on the
%% other, and {global, Name} reaches the holder from both sides.
global_sync_returns_and_names_are_shared(_Config) ->
    yes = global:register_name(ct_name, self()),
    J = start_agent(gl1),
    ok = global:sync(),
    true = lists:member(J, nodes()),
    W = worker(J),
    Me = self(),
    {done, globalwhereis, Me} = global_op(W, globalwhereis, ct_name),
    {done, globalregister, true} = global_op(W, globalregister, lua_name),
    W = global:whereis_name(lua_name),
    {done, globalregister, false} = global_op(W, globalregister, ct_name), % taken
    W ! #{op => send, to => [global, ct_name], msg => via_global},
    via_global = recv(),
    global:send(lua_name, #{op => echo, value => through_global}),
    {echo, through_global} = recv(),
    {done, globalunregister, true} = global_op(W, globalunregister, lua_name),
    undefined = global:whereis_name(lua_name),
    global:unregister_name(ct_name).

%% A name goes when its process ends, and with its node when that node is killed.
global_names_go_with_their_owner(_Config) ->
    J = start_agent(gl2),
    ok = global:sync(),
    W = worker(J),
    {done, globalregister, true} = global_op(W, globalregister, short_lived),
    W = global:whereis_name(short_lived),
    W ! #{op => return},
    ok = wait_until(fun() -> global:whereis_name(short_lived) =:= undefined end),
    W2 = worker(J),
    {done, globalregister, true} = global_op(W2, globalregister, doomed_name),
    os:cmd("kill -9 " ++ integer_to_list(luanode_peer:os_pid(peer_of(J)))),
    ok = wait_until(fun() -> global:whereis_name(doomed_name) =:= undefined end).

%% global:trans and set_lock take the lock on the Lua node too, and a registration from Lua waits
%% while another holds global's lock.
global_trans_with_a_lua_node(_Config) ->
    J = start_agent(gl3),
    ok = global:sync(),
    done = global:trans({a_resource, self()}, fun() -> done end),
    true = global:set_lock({global, self()}),                % what registrars take
    W = worker(J),
    W ! #{op => globalregister, target => waiting_name},
    nothing = recv_or_nothing(500),                        % it waits for the lock
    true = global:del_lock({global, self()}),
    {done, globalregister, true} = recv(),
    W = global:whereis_name(waiting_name).

%% A Lua node that knows a BEAM node (B) meets another BEAM node (this one): B and this node connect
%% through it, as BEAM's connect_all does.
global_connects_transitively_lua_first(_Config) ->
    J = start_agent(gl4),
    {ok, Peer, B} = start_beam(gl_beam4),
    try
        pong = peer:call(Peer, net_adm, ping, [J]),
        ok = peer:call(Peer, global, sync, []),
        false = lists:member(B, nodes()),
        ok = global:sync(),                                 % (already connected to J)
        ok = wait_until(fun() -> lists:member(B, nodes()) end)
    after
        peer:stop(Peer)
    end.

%% This node knows a BEAM node (B); a Lua node that connects to this one connects to B too.
global_connects_transitively_beam_first(_Config) ->
    {ok, Peer, B} = start_beam(gl_beam5),
    try
        pong = net_adm:ping(B),
        ok = global:sync(),
        J = start_agent(gl5),
        ok = global:sync(),
        ok = wait_until(fun() -> lists:member(J, peer:call(Peer, erlang, nodes, [])) end),
        ok = peer:call(Peer, global, sync, []),
        {agent, J} ! #{op => nodes, from => self()},
        {nodes, Nodes} = recv(),
        true = lists:member(atom_to_binary(B), Nodes)
    after
        peer:stop(Peer)
    end.

%% The same name held on both sides of a new connection: one holder keeps it, the other is killed
%% (global's random_exit_name), and both sides agree.
global_name_clash_is_resolved(_Config) ->
    J = start_agent(gl6),
    W = worker(J),
    {done, globalregister, true} = global_op(W, globalregister, clash),
    {ok, Peer, _B} = start_beam(gl_beam6),                % not connected to anyone yet
    try
        Holder = peer:call(Peer, erlang, spawn, [timer, sleep, [infinity]]),
        yes = peer:call(Peer, global, register_name, [clash, Holder]),
        pong = peer:call(Peer, net_adm, ping, [J]),
        ok = peer:call(Peer, global, sync, []),
        ok = global:sync(),
        ok = wait_until(fun() -> peer:call(Peer, global, whereis_name, [clash]) =:= global:whereis_name(clash) end),
        Winner = global:whereis_name(clash),
        true = lists:member(Winner, [W, Holder]),
        [Loser] = [W, Holder] -- [Winner],
        ok = wait_until(fun() -> not is_alive_anywhere(Loser) end)
    after
        peer:stop(Peer)
    end.

%% Three BEAM nodes (this one and two peers) and two Lua nodes, each Lua node met by one BEAM node
%% only: global:sync() returns on every BEAM node with all five in one fully connected cluster; a name
%% registered from Lua and one from BEAM are seen on all five; pg members of both kinds too.
three_beam_nodes_and_two_lua_nodes(_Config) ->
    J1 = start_agent(five1),
    J2 = start_agent(five2),
    {ok, P1, B1} = start_beam(five_beam1),
    {ok, P2, B2} = start_beam(five_beam2),
    try
        pong = peer:call(P1, net_adm, ping, [node()]),
        pong = peer:call(P2, net_adm, ping, [B1]),
        ok = global:sync(),
        ok = peer:call(P1, global, sync, []),
        ok = peer:call(P2, global, sync, []),
        All = lists:sort([node(), J1, J2, B1, B2]),
        Sees = fun(N) -> lists:sort([N | erpc:call(N, erlang, nodes, [])]) end,
        ok = wait_until(fun() -> lists:all(fun(N) -> Sees(N) =:= All end, All) end),
        W1 = worker(J1),
        W2 = worker(J2),
        {done, register, true} = global_op(W1, register, <<"five_lua">>),
        Holder = peer:call(P2, erlang, spawn, [timer, sleep, [infinity]]),
        yes = peer:call(P2, global, register_name, [five_beam, Holder]),
        Beam = [node(), B1, B2],
        ok = wait_until(fun() -> [erpc:call(N, global, whereis_name, [five_lua]) || N <- Beam] =:= [W1, W1, W1] end),
        ok = wait_until(fun() -> [erpc:call(N, global, whereis_name, [five_beam]) || N <- Beam] =:= [Holder, Holder, Holder] end),
        {done, globalwhereis, Holder} = global_op(W1, globalwhereis, five_beam),
        {done, globalwhereis, Holder} = global_op(W2, globalwhereis, five_beam),
        {done, globalwhereis, W1} = global_op(W2, globalwhereis, five_lua),
        [{ok, _} = peer:call(P, pg, start, [pg]) || P <- [P1, P2]],
        {pg, join, true, nil} = pg_op(W2, join, five_group),
        ok = peer:call(P2, pg, join, [five_group, Holder]),
        Members = lists:sort([W2, Holder]),
        ok = wait_until(fun() -> [lists:sort(erpc:call(N, pg, get_members, [five_group])) || N <- Beam] =:= [Members, Members, Members] end),
        ok = wait_until(fun() -> lists:sort(members_seen_by(W1, five_group)) =:= Members end)
    after
        peer:stop(P1),
        peer:stop(P2)
    end.

%% global's prevention of overlapping partitions with a Lua node in the cluster: when this node drops
%% the Lua node, both report the loss to the BEAM peer, which then leaves one side: the Lua node (this
%% node's report came first: it asks the Lua node to disconnect, and the Lua node does) or this node
%% (the Lua node's came first), as among BEAM nodes. Either way the peer is not left in both partitions.
%% Which report wins is a race, so the Lua node's own report is shown alone by the next case.
global_prevents_overlapping_partitions(_Config) ->
    J = start_agent(gl7),
    {ok, Peer, B} = start_beam(gl_beam7),
    try
        pong = net_adm:ping(B),
        ok = global:sync(),
        ok = wait_until(fun() -> lists:member(J, peer:call(Peer, erlang, nodes, [])) end),
        ok = peer:call(Peer, global, sync, []),
        true = erlang:disconnect_node(J),
        Me = node(),
        ok = wait_until(fun() ->
                            Seen = peer:call(Peer, erlang, nodes, []),
                            not (lists:member(J, Seen) andalso lists:member(Me, Seen))
                        end)
    after
        peer:stop(Peer)
    end.

%% The Lua node reports a connection it lost: a BEAM peer without the prevention (so it reports
%% nothing itself) drops the Lua node; the Lua node tells this node, which asks the peer to leave.
global_lua_node_reports_a_lost_connection(_Config) ->
    J = start_agent(gl8),
    {ok, Peer, B} = start_beam(gl_beam8, ["-kernel", "prevent_overlapping_partitions", "false"]),
    try
        pong = net_adm:ping(B),
        ok = global:sync(),
        ok = wait_until(fun() -> lists:member(J, peer:call(Peer, erlang, nodes, [])) end),
        ok = peer:call(Peer, global, sync, []),
        true = peer:call(Peer, erlang, disconnect_node, [J]),
        ok = wait_until(fun() -> not lists:member(B, nodes()) end),
        true = lists:member(J, nodes()) % this node and the Lua node stay in one partition
    after
        peer:stop(Peer)
    end.

%% ConcurrentLua's register with connectall (the default on a distributed node) is global's: the name
%% is seen by BEAM's global and erlang:whereis on the Lua node; BEAM's global names are in the Lua
%% node's whereis and registered(), and taken there.
register_with_connectall_is_global(_Config) ->
    J = start_agent(reg1),
    ok = global:sync(),
    W = worker(J),
    {done, register, true} = global_op(W, register, <<"lua_reg">>),
    W = global:whereis_name(lua_reg),
    W = erpc:call(J, erlang, whereis, [lua_reg]),
    yes = global:register_name(beam_reg, self()),
    Me = self(),
    {done, whereis, Me} = global_op(W, whereis, <<"beam_reg">>),
    {done, registered, Names} = global_op(W, registered, nil),
    true = lists:all(fun(N) -> lists:member(N, Names) end, [<<"beam_reg">>, <<"lua_reg">>]),
    {done, register, false} = global_op(W, register, <<"beam_reg">>),    % taken in the cluster
    {done, unregister, true} = global_op(W, unregister, <<"lua_reg">>),
    undefined = global:whereis_name(lua_reg),
    undefined = erpc:call(J, erlang, whereis, [lua_reg]),
    W ! #{op => register, target => <<"lua_gone">>},
    {done, register, true} = recv(),
    W ! #{op => return},
    ok = wait_until(fun() -> global:whereis_name(lua_gone) =:= undefined end),
    global:unregister_name(beam_reg).

%% Two Lua nodes: a name registered on one before they meet is known on the other once a process
%% there first reaches the first node (ConcurrentLua's names come with the connection).
lua_names_meet_through_global(_Config) ->
    J1 = start_agent(reg2),
    J2 = start_agent(reg3),
    W1 = worker(J1),
    {done, register, true} = global_op(W1, register, <<"early_name">>),
    W2 = worker(J2),
    W2 ! #{op => send, to => [agent, J1], msg => #{op => nodes, from => self()}},
    {nodes, _} = recv(),
    {done, whereis, W1} = global_op(W2, whereis, <<"early_name">>).

%% Two Lua nodes running the same script (agent.lua registers 'agent') meet: the global name stays
%% with one agent, and both go on under their local names.
same_name_on_two_lua_nodes(_Config) ->
    J1 = start_agent(reg4),
    J2 = start_agent(reg5),
    ok = global:sync(),
    ok = wait_until(fun() -> is_pid(global:whereis_name(agent)) end),
    Holder = global:whereis_name(agent),
    A1 = erpc:call(J1, erlang, whereis, [agent]),
    A2 = erpc:call(J2, erlang, whereis, [agent]),
    true = lists:member(Holder, [A1, A2]),
    [begin {agent, J} ! #{op => nodes, from => self()}, {nodes, _} = recv() end || J <- [J1, J2]],
    W1 = worker(J1),
    W2 = worker(J2),
    ok = wait_until(fun() -> global_op(W1, globalwhereis, agent) =:= {done, globalwhereis, Holder}
                             andalso global_op(W2, globalwhereis, agent) =:= {done, globalwhereis, Holder} end).

%% -- introspection ------------------------------------------------------------------------------------

introspection_over_rpc(_Config) ->
    J = start_agent(intro1),
    W = worker(J),
    W ! #{op => trap}, {done, trap, true} = recv(),
    Agent = erpc:call(J, erlang, whereis, [agent]),
    Procs = erpc:call(J, erlang, processes, []),
    true = lists:member(Agent, Procs) andalso lists:member(W, Procs),
    Info = erpc:call(J, erlang, process_info, [Agent]),
    agent = proplists:get_value(registered_name, Info),
    waiting = proplists:get_value(status, Info),
    {lua, Where, _} = proplists:get_value(current_function, Info),
    {match, _} = re:run(atom_to_list(Where), "agent\\.lua:[0-9]+"),
    {registered_name, agent} = erpc:call(J, erlang, process_info, [Agent, registered_name]),
    [] = erpc:call(J, erlang, process_info, [W, registered_name]),
    {trap_exit, true} = erpc:call(J, erlang, process_info, [W, trap_exit]),
    %% a queue that grows shows, and links and monitors are listed both ways
    E = spawn(fun() -> receive _ -> ok end end),
    W ! #{op => link, target => E}, {done, link, true} = recv(),
    Ref = monitor(process, W),
    [{links, [E]}, {monitored_by, MonitoredBy}] = erpc:call(J, erlang, process_info, [W, [links, monitored_by]]),
    true = lists:member(self(), MonitoredBy),
    W ! #{op => spin, seconds => 1},
    [W ! {queued, I} || I <- lists:seq(1, 50)],
    {message_queue_len, Queued} = erpc:call(J, erlang, process_info, [W, message_queue_len]),
    true = Queued >= 40,
    {memory, Bytes} = erpc:call(J, erlang, process_info, [W, memory]),
    {memory, AgentBytes} = erpc:call(J, erlang, process_info, [Agent, memory]),
    true = Bytes > AgentBytes,                                  % its queued messages count
    demonitor(Ref),
    Memory = erpc:call(J, erlang, memory, []),
    [total, processes, processes_used, system, atom, atom_used, binary, code, ets] = [K || {K, _} <- Memory],
    true = erpc:call(J, erlang, memory, [total]) > 0,
    true = erpc:call(J, erlang, system_info, [process_count]) >= 3,
    1048576 = erpc:call(J, erlang, system_info, [atom_limit]),
    [J, _ | _] = erpc:call(J, erlang, nodes, [[this, visible]]),
    [] = erpc:call(J, erlang, nodes, [hidden]),
    Gone = worker(J),
    Gone ! #{op => return},
    ok = wait_until(fun() -> erpc:call(J, erlang, process_info, [Gone]) =:= undefined end),
    false = lists:member(Gone, erpc:call(J, erlang, processes, [])),
    %% Lua's standard libraries do not shadow Erlang's modules: string:len is undef here, 'lua.string' is Lua's
    {badrpc, {'EXIT', {undef, _}}} = rpc:call(J, string, len, ["abc"]),
    {badrpc, {'EXIT', {undef, _}}} = rpc:call(J, os, getpid, []),
    <<"ABC">> = erpc:call(J, 'lua.string', upper, [<<"abc">>]),
    %% exit/2 from an operator
    true = erpc:call(J, erlang, exit, [W, kill]),
    ok = wait_until(fun() -> erpc:call(J, erlang, process_info, [W]) =:= undefined end).

%% -- a node that serves ---------------------------------------------------------------------------------

%% --serve: the node stays up after its script fails; rpc and spawns keep working; init:stop ends it.
serve_survives_a_crash_and_stops_on_init_stop(_Config) ->
    Code = "require 'concurrent' package.path = 'lua/test/dist/?.lua;' .. package.path error('the script fails')",
    {ok, Peer, Node} = luanode_peer:start(opts(serve1, #{code => Code, serve => true})),
    keep(Peer),
    pong = net_adm:ping(Node),
    3 = erpc:call(Node, remote_mod, add, [1, 2]),
    {Pid, MRef} = spawn_monitor(Node, remote_mod, wait_then_exit, [because]),
    Pid ! go,
    receive {'DOWN', MRef, process, Pid, because} -> ok after 5000 -> ct:fail(no_down) end,
    ok = erpc:call(Node, init, stop, []),
    {ok, 1} = luanode_peer:wait_exit(Peer, 5000),               % the script's failure is the exit status
    pang = net_adm:ping(Node).

is_alive_anywhere(Pid) -> erpc:call(node(Pid), erlang, is_process_alive, [Pid]).

global_op(W, Op, Name) ->
    W ! #{op => Op, target => Name},
    recv().

start_beam(Name) -> start_beam(Name, []).

start_beam(Name, Args) ->
    peer:start(#{name => Name, connection => standard_io, args => ["-setcookie", atom_to_list(?COOKIE) | Args],
                 env => [{"ERL_EPMD_PORT", os:getenv("ERL_EPMD_PORT", "4369")}]}).

%% -- helpers --------------------------------------------------------------------------------------

opts(Name, More) ->
    Self = self(),
    maps:merge(#{name => Name, cookie => ?COOKIE, jnode => luanode_test:jnode(), cd => luanode_test:root(),
                 output => fun(Line) -> Self ! {jnode_output, Name, Line} end}, More).

start_agent(Name) ->
    {ok, Peer, Node} = luanode_peer:start(opts(Name, #{script => "lua/test/dist/agent.lua",
                                                      wait => {line, <<"agent ready">>}})),
    keep(Peer),
    put({peer, Node}, Peer),
    pong = net_adm:ping(Node),
    Node.

keep(Peer) -> put(peers, [Peer | case get(peers) of undefined -> []; L -> L end]).

erase_peers() -> case erase(peers) of undefined -> []; L -> L end.

peer_of(Node) -> get({peer, Node}).

worker(J) ->
    {agent, J} ! #{op => spawn, from => self()},
    receive {worker, W} -> W after 10000 -> ct:fail({no_worker_from, J}) end.

pg_op(W, Fn, Group) ->
    W ! #{op => pg, fn => Fn, group => Group},
    {pg, _, _, _} = recv().

members_seen_by(W, Group) ->
    {pg, members, Members, nil} = pg_op(W, members, Group),
    Members.

members_in_scope(W, Scope, Group) ->
    W ! #{op => pg_scope, scope => Scope, group => Group},
    {pg_scope, Members} = recv(),
    Members.

recv() ->
    receive
        {jnode_output, Name, Line} -> ct:pal("~s: ~s", [Name, Line]), recv();
        M -> M
    after 10000 -> ct:fail(nothing_received)
    end.

recv_or_nothing(Ms) ->
    receive
        {jnode_output, Name, Line} -> ct:pal("~s: ~s", [Name, Line]), recv_or_nothing(Ms);
        M -> M
    after Ms -> nothing
    end.

wait_until(F) -> luanode_test:wait_until(F, 100).
