%% A Lua node with two Lua states (jnode --states 2) as BEAM sees it: one node, whose processes in
%% either state answer, link, monitor, serve gen_server calls and have registered names as any process
%% of the node does; processes BEAM starts by module and name are spread over the states by load.
%% The Lua side: lua/test/dist/states_node.lua (the node) and states_mod.lua (what BEAM starts).
-module(states_SUITE).
-include_lib("common_test/include/ct.hrl").
-compile([export_all, nowarn_export_all]).

-define(COOKIE, luanode_states_suite).

all() ->
    [spawns_from_beam_are_spread_over_the_states, links_and_monitors_from_beam_reach_both_states,
     gen_server_call_to_a_lua_genserver_of_the_second_state, registered_names_cross_states,
     rpc_places_module_calls_by_load_and_global_functions_in_the_first_state].

suite() -> [{timetrap, {minutes, 2}}].

init_per_suite(Config) ->
    {ok, _} = net_kernel:start([luanode_states_ct, shortnames]),
    erlang:set_cookie(node(), ?COOKIE),
    Config.

end_per_suite(_Config) ->
    net_kernel:stop(),
    ok.

%% A fresh node per case (the peer is linked to the process that starts it: the case's).
init_per_testcase(_Case, Config) ->
    {ok, Peer, Node} = luanode_peer:start(#{name => states1, cookie => ?COOKIE, jnode => luanode_test:jnode(),
                                           cd => luanode_test:root(), serve => true,
                                           node_args => ["--states", "2"],
                                           script => "lua/test/dist/states_node.lua",
                                           wait => {line, <<"states ready">>}}),
    pong = net_adm:ping(Node),
    [{peer, Peer}, {node, Node} | Config].

end_per_testcase(_Case, Config) ->
    try luanode_peer:stop(?config(peer, Config)) catch _:_ -> ok end, % a failed case may have stopped it
    ok.

%% Echo processes started with erlang:spawn/4 land in both states (by load); each answers from its
%% state, with the node's pids.
spawns_from_beam_are_spread_over_the_states(Config) ->
    Node = ?config(node, Config),
    Echoes = [spawn(Node, states_mod, echo, []) || _ <- lists:seq(1, 4)],
    States = [begin E ! {self(), hi}, receive {echo, S, hi} -> S after 5000 -> ct:fail(no_echo) end end
              || E <- Echoes],
    [1, 2] = lists:usort(States),
    [Node] = lists:usort([node(E) || E <- Echoes]),
    [exit(E, kill) || E <- Echoes],
    ok.

%% A BEAM process monitors and links to Lua processes of both states: 'DOWN' and 'EXIT' carry the
%% reasons the Lua processes ended with.
links_and_monitors_from_beam_reach_both_states(Config) ->
    Node = ?config(node, Config),
    process_flag(trap_exit, true),
    Echoes = [spawn(Node, states_mod, echo, []) || _ <- lists:seq(1, 2)],
    States = [state_of(E) || E <- Echoes],
    [1, 2] = lists:sort(States),
    [begin
         Ref = monitor(process, E),
         E ! {exit, {bye, S}},
         receive {'DOWN', Ref, process, E, {bye, S}} -> ok after 5000 -> ct:fail({no_down, S}) end
     end || {E, S} <- lists:zip(Echoes, States)],
    Linked = [spawn(Node, states_mod, echo, []) || _ <- lists:seq(1, 2)],
    [1, 2] = lists:sort([state_of(E) || E <- Linked]),
    [begin
         link(E),
         E ! {error},
         receive {'EXIT', E, Reason} -> match = re_match(Reason, "asked to fail") after 5000 -> ct:fail(no_exit) end
     end || E <- Linked],
    process_flag(trap_exit, false),
    ok.

%% gen_server:call to a Lua genserver that runs in the second state, by registered name.
gen_server_call_to_a_lua_genserver_of_the_second_state(Config) ->
    Node = ?config(node, Config),
    Holder = spawn(Node, states_mod, genserver, [counter2]),
    ok = luanode_test:wait_until(fun() -> is_pid(erpc:call(Node, erlang, whereis, [counter2])) end, 50),
    Server = erpc:call(Node, erlang, whereis, [counter2]),
    {S, {ask, 1}} = gen_server:call({counter2, Node}, {ask, 1}),
    {S, {ask, 2}} = gen_server:call(Server, {ask, 2}),
    true = lists:member(S, [1, 2]),
    exit(Holder, kill),
    ok.

%% Two relays registered by name, one in each state, forward a message from BEAM to each other by name
%% and back to BEAM: the message visits both states.
registered_names_cross_states(Config) ->
    Node = ?config(node, Config),
    % placed explicitly: by load, both could land in one state while other processes come and go
    A = erpc:call(Node, '_G', spawn_in, [1, states_mod, relay, relay_a, relay_b]),
    B = erpc:call(Node, '_G', spawn_in, [2, states_mod, relay, relay_b, relay_a]),
    ok = luanode_test:wait_until(fun() -> is_pid(erpc:call(Node, erlang, whereis, [relay_b])) end, 50),
    [SA, SB] = [state_of_relay(P) || P <- [A, B]],
    true = SA =/= SB,
    {relay_a, Node} ! {self(), {hello, [1, 2, 3]}},
    receive {relayed, {hello, [1, 2, 3]}, [SA, SB]} -> ok after 5000 -> ct:fail(not_relayed) end,
    exit(A, kill),
    exit(B, kill),
    ok.

%% erpc to a module function runs in whichever state has fewer processes; to a global function ('_G'),
%% in the first state, where the script defined it.
rpc_places_module_calls_by_load_and_global_functions_in_the_first_state(Config) ->
    Node = ?config(node, Config),
    1 = erpc:call(Node, '_G', whereami, []),
    Busy = [spawn(Node, states_mod, echo, []) || _ <- lists:seq(1, 4)],
    Placed = lists:usort([erpc:call(Node, states_mod, state, []) || _ <- lists:seq(1, 4)]),
    true = Placed =/= [] andalso lists:all(fun(S) -> S =:= 1 orelse S =:= 2 end, Placed),
    1 = erpc:call(Node, '_G', whereami, []),
    [exit(E, kill) || E <- Busy],
    ok.

%% -- helpers ----------------------------------------------------------------------------------------

state_of(Echo) ->
    Echo ! {self(), which},
    receive {echo, S, which} -> S after 5000 -> ct:fail(no_echo) end.

%% The states a relay pair reports are only known after a round: ask each relay's process directly.
state_of_relay(Pid) ->
    Node = node(Pid),
    {_, _} = erpc:call(Node, erlang, process_info, [Pid, status]),
    {ok, S} = relay_state(Pid),
    S.

relay_state(Pid) ->
    %% a relay forwards {To, Msg} to its peer; the peer, seeing a third element, delivers: the list of
    %% states tells where each was
    Pid ! {self(), probe},
    receive {relayed, probe, [First, _Second]} -> {ok, First} after 5000 -> ct:fail(no_relay) end.

re_match(Term, Pattern) ->
    case re:run(io_lib:format("~p", [Term]), Pattern) of {match, _} -> match; nomatch -> {nomatch, Term} end.
