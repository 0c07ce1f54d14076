%% luanode_peer (erlang/luanode): Lua nodes started from Erlang tests, and never left behind.
-module(peer_SUITE).
-include_lib("common_test/include/ct.hrl").
-export([all/0, suite/0, init_per_suite/1, end_per_suite/1]).
-export([starts_answers_and_stops/1, output_reaches_the_starter/1, node_stops_when_its_starter_exits/1,
         node_stops_when_the_port_closes/1, init_stop_ends_a_running_script/1, halt_gives_its_exit_status/1,
         waits_for_a_line/1]).

all() -> [starts_answers_and_stops, output_reaches_the_starter, node_stops_when_its_starter_exits,
          node_stops_when_the_port_closes, init_stop_ends_a_running_script, halt_gives_its_exit_status,
          waits_for_a_line].

-define(BUSY, "require 'concurrent' concurrent.register('busy', concurrent.self()) concurrent.receive()").

suite() -> [{timetrap, {minutes, 2}}].

init_per_suite(Config) ->
    {ok, _} = net_kernel:start([luanode_peer_ct, shortnames]),
    Config.

end_per_suite(_Config) ->
    net_kernel:stop(),
    ok.

opts(Name, More) ->
    maps:merge(#{name => Name, jnode => luanode_test:jnode(), output => fun(_) -> ok end}, More).

starts_answers_and_stops(_Config) ->
    {ok, Peer, Node} = luanode_peer:start(opts(lpeer1, #{code => "x = 41", serve => true})),
    Node = luanode_peer:call(Peer, erlang, node, []),
    pong = net_adm:ping(Node),
    ok = luanode_peer:stop(Peer),
    pang = net_adm:ping(Node),
    ok = luanode_test:wait_until(fun() -> not registered_with_mapper("lpeer1") end, 50).

output_reaches_the_starter(_Config) ->
    Self = self(),
    {ok, Peer, _Node} = luanode_peer:start(opts(lpeer2, #{code => "require 'concurrent' print('hello from ' .. concurrent.node())",
                                                          serve => true,
                                                          output => fun(Line) -> Self ! {line, Line} end})),
    receive {line, <<"hello from lpeer2@", _/binary>>} -> ok after 10000 -> ct:fail(no_output) end,
    ok = luanode_peer:stop(Peer).

%% The process that started the node exits: the port closes, the node sees its input end and stops.
node_stops_when_its_starter_exits(_Config) ->
    Self = self(),
    Starter = spawn(fun() ->
                            {ok, _Peer, Node} = luanode_peer:start(opts(lpeer3, #{code => "", serve => true})),
                            Self ! {node, Node},
                            receive never -> ok end
                    end),
    Node = receive {node, N} -> N after 30000 -> ct:fail(not_started) end,
    pong = net_adm:ping(Node),
    exit(Starter, kill),
    ok = luanode_test:wait_until(fun() -> net_adm:ping(Node) =:= pang end, 100),
    ok = luanode_test:wait_until(fun() -> not registered_with_mapper("lpeer3") end, 50).

%% A node started by a plain port (as an Elixir Port.open would) stops when the port is closed.
node_stops_when_the_port_closes(_Config) ->
    Port = open_port({spawn_executable, luanode_test:jnode()},
                     [{args, ["--sname", "lpeer4", "--cookie", atom_to_list(erlang:get_cookie()), "--parent",
                              "--serve", "-e", ""]}, exit_status, use_stdio, binary]),
    Node = list_to_atom("lpeer4@" ++ lists:last(string:split(atom_to_list(node()), "@"))),
    ok = luanode_test:wait_until(fun() -> net_adm:ping(Node) =:= pong end, 300),
    port_close(Port),
    ok = luanode_test:wait_until(fun() -> net_adm:ping(Node) =:= pang end, 100).

%% A script still waiting in receive (no --serve): init:stop from a peer ends the node, status 0.
init_stop_ends_a_running_script(_Config) ->
    {ok, Peer, Node} = luanode_peer:start(opts(lpeer5, #{code => ?BUSY})),
    ok = erpc:call(Node, init, stop, []),
    {ok, 0} = luanode_peer:wait_exit(Peer, 5000),
    ok = luanode_test:wait_until(fun() -> not registered_with_mapper("lpeer5") end, 50),
    ok = luanode_peer:stop(Peer).

halt_gives_its_exit_status(_Config) ->
    {ok, Peer, Node} = luanode_peer:start(opts(lpeer6, #{code => ?BUSY})),
    ok = erpc:call(Node, erlang, halt, [3]),
    {ok, 3} = luanode_peer:wait_exit(Peer, 5000),
    ok = luanode_peer:stop(Peer).

%% wait => {line, Prefix}: start/1 returns once the node printed that line; a script that ends gives
%% its status to wait_exit/2, and its node is still known after it ended.
waits_for_a_line(_Config) ->
    {ok, Peer, Node} = luanode_peer:start(opts(lpeer7, #{code => "print('ready now') error('then fails')",
                                                        wait => {line, <<"ready now">>}})),
    {ok, 1} = luanode_peer:wait_exit(Peer, 10000),
    Node = luanode_peer:node(Peer),
    undefined = luanode_peer:os_pid(Peer),
    ok = luanode_peer:stop(Peer).

registered_with_mapper(Name) ->
    case net_adm:names() of
        {ok, Names} -> lists:keymember(Name, 1, Names);
        _ -> false
    end.
