%% jnode's built-in port mapper as a drop-in for epmd, with real Erlang nodes and the real epmd client.
-module(epmd_SUITE).
-include_lib("common_test/include/ct.hrl").
-export([all/0, init_per_testcase/2, end_per_testcase/2]).
-export([erl_nodes_find_each_other/1, epmd_client_lists_nodes/1, daemon_starts_detached_mapper/1]).

all() -> [erl_nodes_find_each_other, epmd_client_lists_nodes, daemon_starts_detached_mapper].

init_per_testcase(daemon_starts_detached_mapper, Config) ->
    [{port, luanode_test:free_port()} | Config];
init_per_testcase(_, Config) ->
    Port = luanode_test:free_port(),
    Mapper = open_port({spawn_executable, luanode_test:jnode()},
                       [{args, ["epmd", "-port", integer_to_list(Port), "-relaxed_command_check"]}, {cd, luanode_test:root()},
                        exit_status, stderr_to_stdout, binary]),
    ok = luanode_test:wait_answering(Port, 100),
    [{port, Port}, {mapper, Mapper} | Config].

end_per_testcase(daemon_starts_detached_mapper, Config) ->
    os:cmd(luanode_test:jnode() ++ " epmd -port " ++ integer_to_list(?config(port, Config)) ++ " -kill"),
    ok;
end_per_testcase(_, Config) ->
    %% the real epmd client stops the mapper, as it would stop epmd
    Killed = os:cmd("epmd -port " ++ integer_to_list(?config(port, Config)) ++ " -kill"),
    ct:pal("epmd -kill: ~s", [Killed]),
    receive {_, {exit_status, _}} -> ok after 10000 -> ct:fail(mapper_did_not_stop) end.

erl_nodes_find_each_other(Config) ->
    Port = ?config(port, Config),
    {ok, A, NodeA} = start_peer(a, Port),
    {ok, B, NodeB} = start_peer(b, Port),
    try
        pong = peer:call(A, net_adm, ping, [NodeB]),
        [NodeA] = peer:call(B, erlang, nodes, []),
        {port, _, 6} = peer:call(A, erl_epmd, port_please, [atom_to_list(b), "localhost"])
    after
        peer:stop(A),
        peer:stop(B)
    end.

epmd_client_lists_nodes(Config) ->
    Port = ?config(port, Config),
    {ok, A, _} = start_peer(lister, Port),
    try
        Names = os:cmd("epmd -port " ++ integer_to_list(Port) ++ " -names"),
        ct:pal("~s", [Names]),
        {match, _} = re:run(Names, "up and running on port " ++ integer_to_list(Port)),
        {match, _} = re:run(Names, "name lister at port [0-9]+")
    after
        peer:stop(A)
    end,
    %% the registration ends with the node
    ok = luanode_test:wait_until(fun() -> nomatch =:= re:run(os:cmd("epmd -port " ++ integer_to_list(Port) ++ " -names"), "lister") end, 100).

daemon_starts_detached_mapper(Config) ->
    Port = integer_to_list(?config(port, Config)),
    {0, _} = luanode_test:run_jnode(["epmd", "-daemon", "-port", Port], 30000),
    %% the command has returned; the mapper lives on by itself
    Names = os:cmd("epmd -port " ++ Port ++ " -names"),
    {match, _} = re:run(Names, "up and running on port " ++ Port),
    {0, Killed} = luanode_test:run_jnode(["epmd", "-kill", "-port", Port], 30000),
    {match, _} = re:run(Killed, "Killed").

%% -- helpers

start_peer(Name, EpmdPort) ->
    {ok, Peer, Node} = peer:start_link(#{name => Name, host => "localhost", connection => standard_io,
                                         env => [{"ERL_EPMD_PORT", integer_to_list(EpmdPort)}],
                                         args => ["-setcookie", "luanode_epmd_suite"]}),
    {ok, Peer, Node}.

