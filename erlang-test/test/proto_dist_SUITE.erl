%% Distribution over TLS (-proto_dist inet_tls, OTP's inet_tls_dist) and over IPv6 (inet6_tcp,
%% inet6_tls) between jnode and BEAM nodes started with the same settings. The suite makes its own
%% certificates with openssl: a CA, a node certificate it signed (naming this host), and a rogue one
%% from another CA. BEAM peers are OTP peer nodes driven over standard I/O (this ct node speaks plain
%% TCP, so it cannot reach them by distribution); jnode is driven through them.
-module(proto_dist_SUITE).
-include_lib("common_test/include/ct.hrl").
-compile([export_all, nowarn_export_all]).

-define(COOKIE, "luanode_proto_suite").

all() ->
    [tls_beam_connects_to_lua, tls_lua_connects_to_beam, tls_big_and_small_messages_keep_their_order,
     tls_refuses_an_untrusted_certificate_both_ways, tls_node_refuses_plain_tcp, tls_bad_optfile_stops_the_node,
     ipv6_both_ways, ipv6_with_tls].

suite() -> [{timetrap, {minutes, 3}}].

init_per_suite(Config) ->
    Dir = ?config(priv_dir, Config),
    Host = host(),
    ok = file:write_file(filename:join(Dir, "san.cnf"),
                         ["subjectAltName=DNS:", Host, ",DNS:localhost,IP:127.0.0.1,IP:::1\n"]),
    Steps = ["openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj /CN=luanode-ct-ca",
             "openssl req -newkey rsa:2048 -nodes -keyout node.key -out node.csr -subj /CN=" ++ Host,
             "openssl x509 -req -in node.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out node.pem -days 2"
             " -extfile san.cnf",
             %% The same key in PKCS#1 form ("BEGIN RSA PRIVATE KEY"), as older tools write it: jnode reads it.
             "openssl rsa -in node.key -out node_pkcs1.key -traditional",
             "openssl req -x509 -newkey rsa:2048 -nodes -keyout rogue_ca.key -out rogue_ca.pem -days 2 -subj /CN=rogue",
             "openssl req -newkey rsa:2048 -nodes -keyout rogue.key -out rogue.csr -subj /CN=" ++ Host,
             "openssl x509 -req -in rogue.csr -CA rogue_ca.pem -CAkey rogue_ca.key -CAcreateserial -out rogue.pem"
             " -days 2 -extfile san.cnf"],
    [ok = sh(Dir, Step) || Step <- Steps],
    F = fun(Name) -> filename:join(Dir, Name) end,
    [{beam_tls, optfile(F("beam_tls.conf"), F("node.pem"), F("node.key"), F("ca.pem"))},
     {lua_tls, optfile(F("lua_tls.conf"), F("node.pem"), F("node_pkcs1.key"), F("ca.pem"))},
     %% Trusts our CA, but holds a certificate from another one: our nodes must refuse it.
     {rogue_tls, optfile(F("rogue_tls.conf"), F("rogue.pem"), F("rogue.key"), F("ca.pem"))}
     | Config].

end_per_suite(_Config) ->
    ok.

init_per_testcase(_Case, Config) ->
    Config.

end_per_testcase(_Case, _Config) ->
    [luanode_peer:stop(J) || J <- take(jnodes)],
    [peer:stop(P) || P <- take(beams)],
    ok.

%% -- the cases ------------------------------------------------------------------------------------

%% A BEAM node with inet_tls_dist connects to a Lua node: ping, then a Lua worker answers over TLS.
tls_beam_connects_to_lua(Config) ->
    {Beam, BeamNode} = start_beam(tls_b1, tls_args(beam_tls, Config)),
    J = start_agent(tls_l1, tls_args(lua_tls, Config)),
    pong = peer:call(Beam, net_adm, ping, [J]),
    {echo, <<"over tls">>} = peer:call(Beam, ?MODULE, echo_via_worker, [J, <<"over tls">>]),
    %% The BEAM side sees a TLS connection.
    {ok, Info} = peer:call(Beam, net_kernel, node_info, [J]),
    {net_address, _, _, tls, inet} = proplists:get_value(address, Info),
    true = lists:member(BeamNode, peer:call(Beam, ?MODULE, nodes_of_worker, [J])).

%% A Lua node opens the TLS connection: its message reaches a registered BEAM process and the answer
%% comes back.
tls_lua_connects_to_beam(Config) ->
    {Beam, BeamNode} = start_beam(tls_b2, tls_args(beam_tls, Config)),
    ok = peer:call(Beam, ?MODULE, start_echo, []),
    J = start_lua_sender(tls_l2, BeamNode, tls_args(lua_tls, Config)),
    [<<"answer\techoed\tfrom lua\t", _/binary>>] = wait_exit(J).

%% Messages from a few bytes to several TLS records (16 KB) and beyond (1 MB, 8 MB) keep their order
%% and content both ways.
tls_big_and_small_messages_keep_their_order(Config) ->
    {Beam, _} = start_beam(tls_b3, tls_args(beam_tls, Config)),
    J = start_agent(tls_l3, tls_args(lua_tls, Config)),
    pong = peer:call(Beam, net_adm, ping, [J]),
    Sizes = [1, 100, 16383, 16384, 16385, 70000, 1 bsl 20, 8 bsl 20] ++ lists:seq(1, 300),
    ok = peer:call(Beam, ?MODULE, echo_many, [J, Sizes], 60000).

%% A node whose certificate our CA did not sign is refused when it connects, and our node refuses to
%% connect to it; each side's log says why.
tls_refuses_an_untrusted_certificate_both_ways(Config) ->
    {Good, _} = start_beam(tls_b4, tls_args(beam_tls, Config)),
    {Rogue, RogueNode} = start_beam(tls_rogue, tls_args(rogue_tls, Config)),
    ok = peer:call(Rogue, ?MODULE, start_echo, []),
    J = start_agent(tls_l4, tls_args(lua_tls, Config)),
    pang = peer:call(Rogue, net_adm, ping, [J]),
    ok = wait_for_output(J, <<"refused a distribution connection">>),
    false = lists:member(J, peer:call(Rogue, erlang, nodes, [])),
    %% Our node connecting to the rogue one: the rogue's certificate fails our check.
    pong = peer:call(Good, net_adm, ping, [J]),
    ok = peer:call(Good, ?MODULE, worker_sends, [J, {echo, RogueNode}, hello]),
    ok = wait_for_output(J, <<"cannot connect to ", (atom_to_binary(RogueNode))/binary>>),
    [] = peer:call(Rogue, ?MODULE, echoed, []).

%% A node speaking plain TCP gets no connection to a TLS node (and no cookie check starts); the TLS
%% node goes on serving its TLS peers.
tls_node_refuses_plain_tcp(Config) ->
    {Beam, _} = start_beam(tls_b5, tls_args(beam_tls, Config)),
    {Plain, _} = start_beam(plain_b5, []),
    J = start_agent(tls_l5, tls_args(lua_tls, Config)),
    {Micros, pang} = timer:tc(fun() -> peer:call(Plain, net_adm, ping, [J]) end),
    true = Micros < 8000000,                                        % within the handshake's deadline
    ok = wait_for_output(J, <<"refused a distribution connection">>),
    pong = peer:call(Beam, net_adm, ping, [J]).

%% A missing certificate file stops the node at start, with the file's name, and leaves no registration.
tls_bad_optfile_stops_the_node(Config) ->
    Dir = ?config(priv_dir, Config),
    Bad = optfile(filename:join(Dir, "bad.conf"), filename:join(Dir, "missing.pem"),
                  filename:join(Dir, "node.key"), filename:join(Dir, "ca.pem")),
    Self = self(),
    {ok, Peer, Node} = luanode_peer:start(#{name => tls_bad, cookie => ?COOKIE, jnode => luanode_test:jnode(),
                                            cd => luanode_test:root(), wait => started, code => "print('ran')",
                                            node_args => ["-proto_dist", "inet_tls", "-ssl_dist_optfile", Bad],
                                            output => fun(L) -> Self ! {jnode_output, tls_bad, L} end}),
    {ok, 1} = luanode_peer:wait_exit(Peer, 30000),
    Out = iolist_to_binary(lines(tls_bad)),
    {_, _} = binary:match(Out, <<"missing.pem">>),
    nomatch = binary:match(Out, <<"ran">>),
    [Alive, _] = string:split(atom_to_list(Node), "@"),
    {ok, Names} = erl_epmd:names("localhost"),
    false = lists:keymember(Alive, 1, Names).

%% inet6_tcp: a BEAM node and a Lua node reach each other over IPv6 loopback, both ways.
ipv6_both_ways(_Config) ->
    Args = ["-proto_dist", "inet6_tcp"],
    {Beam, BeamNode} = start_beam(v6_b1, Args),
    J = start_agent(v6_l1, Args),
    pong = peer:call(Beam, net_adm, ping, [J]),
    {ok, Info} = peer:call(Beam, net_kernel, node_info, [J]),
    {net_address, {{0, 0, 0, 0, 0, 0, 0, 1}, _}, _, tcp, inet6} = proplists:get_value(address, Info),
    {echo, v6} = peer:call(Beam, ?MODULE, echo_via_worker, [J, v6]),
    ok = peer:call(Beam, ?MODULE, start_echo, []),
    J2 = start_lua_sender(v6_l2, BeamNode, Args),
    [<<"answer\techoed\tfrom lua\t", _/binary>>] = wait_exit(J2).

%% inet6_tls: both at once.
ipv6_with_tls(Config) ->
    Args = ["-proto_dist", "inet6_tls", "-ssl_dist_optfile"],
    {Beam, _} = start_beam(v6tls_b, Args ++ [?config(beam_tls, Config)]),
    J = start_agent(v6tls_l, Args ++ [?config(lua_tls, Config)]),
    pong = peer:call(Beam, net_adm, ping, [J]),
    {ok, Info} = peer:call(Beam, net_kernel, node_info, [J]),
    %% (OTP names the family inet here whatever the address.)
    {net_address, {{0, 0, 0, 0, 0, 0, 0, 1}, _}, _, tls, _} = proplists:get_value(address, Info),
    {echo, <<"both">>} = peer:call(Beam, ?MODULE, echo_via_worker, [J, <<"both">>]).

%% -- run on the BEAM peers (this module is on their code path) ---------------------------------------

start_echo() ->
    Echo = spawn(fun echo_loop/0),
    register(echo, Echo),
    ok.

echo_loop() ->
    receive
        {echoed_so_far, From} -> From ! {echoed, get(echoed)}, echo_loop();
        {From, Msg} when is_pid(From) ->
            put(echoed, [Msg | case get(echoed) of undefined -> []; L -> L end]),
            From ! {echoed, Msg, node()},
            echo_loop()
    end.

%% What the echo process got so far.
echoed() ->
    echo ! {echoed_so_far, self()},
    receive {echoed, L} -> case L of undefined -> []; _ -> L end after 5000 -> timeout end.

worker(J) ->
    {agent, J} ! #{op => spawn, from => self()},
    receive {worker, W} -> W after 10000 -> error(no_worker) end.

echo_via_worker(J, Value) ->
    W = worker(J),
    W ! #{op => echo, value => Value},
    receive {echo, _} = Reply -> Reply after 10000 -> error(no_echo) end.

nodes_of_worker(J) ->
    {agent, J} ! #{op => nodes, from => self()},
    receive {nodes, Nodes} -> [binary_to_atom(N) || N <- Nodes] after 10000 -> error(no_nodes) end.

worker_sends(J, To, Msg) ->
    W = worker(J),
    W ! #{op => send, to => To, msg => Msg},
    ok.

%% Sends one echo request per size (a binary of that many bytes, each different) without waiting, then
%% checks every answer arrives, in order, intact.
echo_many(J, Sizes) ->
    W = worker(J),
    Values = [crypto:strong_rand_bytes(S) || S <- Sizes],
    [W ! #{op => echo, value => V} || V <- Values],
    [receive {echo, Got} -> Got = V after 30000 -> error({missing_echo, byte_size(V)}) end || V <- Values],
    ok.

%% -- helpers --------------------------------------------------------------------------------------

tls_args(Which, Config) ->
    ["-proto_dist", "inet_tls", "-ssl_dist_optfile", ?config(Which, Config)].

%% An option file as erl reads it (-ssl_dist_optfile): both sides check the peer's certificate.
optfile(File, Cert, Key, CA) ->
    Side = fun(Extra) -> [{certfile, Cert}, {keyfile, Key}, {cacertfile, CA}, {verify, verify_peer} | Extra] end,
    Opts = [{server, Side([{fail_if_no_peer_cert, true}])}, {client, Side([])}],
    ok = file:write_file(File, io_lib:format("~p.~n", [Opts])),
    File.

start_beam(Name, ProtoArgs) ->
    {ok, Peer, Node} = peer:start(#{name => Name, connection => standard_io,
                                    args => ["-setcookie", ?COOKIE, "-pa", filename:dirname(code:which(?MODULE))
                                             | ProtoArgs],
                                    env => [{"ERL_EPMD_PORT", os:getenv("ERL_EPMD_PORT", "4369")}]}),
    keep(beams, Peer),
    {Peer, Node}.

start_agent(Name, NodeArgs) ->
    start_jnode(Name, NodeArgs, #{script => "lua/test/dist/agent.lua", wait => {line, <<"agent ready">>}}).

%% A Lua node that sends {self(), 'from lua'} to echo on BeamNode (connecting to it) and prints the answer.
start_lua_sender(Name, BeamNode, NodeArgs) ->
    Code = "require 'concurrent' "
        "concurrent.send({'echo', '" ++ atom_to_list(BeamNode) ++ "'}, erlang.tuple(concurrent.self(), 'from lua')) "
        "local m = concurrent.receive(10000) "
        "print('answer', m and tostring(m[1]), m and m[2], m and tostring(m[3]))",
    start_jnode(Name, NodeArgs, #{code => Code, wait => started}).

start_jnode(Name, NodeArgs, More) ->
    Self = self(),
    Opts = maps:merge(#{name => Name, cookie => ?COOKIE, jnode => luanode_test:jnode(), cd => luanode_test:root(),
                        node_args => NodeArgs, output => fun(L) -> Self ! {jnode_output, Name, L} end}, More),
    case luanode_peer:start(Opts) of
        {ok, Peer, Node} ->
            keep(jnodes, Peer),
            put({peer, Node}, {Peer, Name}),
            Node;
        {error, Reason} ->
            ct:fail({jnode_not_ready, Name, Reason, lines(Name)})
    end.

%% Waits for a jnode to end (status 0) and gives the lines it printed, log lines left out.
wait_exit(Node) ->
    {Peer, Name} = get({peer, Node}),
    case luanode_peer:wait_exit(Peer, 30000) of
        {ok, 0} -> [L || L <- lines(Name), not is_log_line(L)];
        Other -> ct:fail({jnode_exit, Node, Other, lines(Name)})
    end.

%% Waits until a jnode printed a line containing Text.
wait_for_output(Node, Text) ->
    {_, Name} = get({peer, Node}),
    wait_for_output(Name, Text, 50).

wait_for_output(Name, _Text, 0) -> ct:fail({no_such_line, Name, lines(Name)});
wait_for_output(Name, Text, N) ->
    case [L || L <- lines(Name), binary:match(L, Text) =/= nomatch] of
        [Line | _] -> ct:log("~s", [Line]);
        [] -> timer:sleep(200), wait_for_output(Name, Text, N - 1)
    end.

%% Every line Name printed so far (kept in the process dictionary).
lines(Name) ->
    Got = collect(Name),
    All = case get({lines, Name}) of undefined -> []; L -> L end ++ Got,
    put({lines, Name}, All),
    All.

collect(Name) ->
    receive {jnode_output, Name, Line} -> [Line | collect(Name)] after 100 -> [] end.

is_log_line(<<"=", _/binary>>) -> true;
is_log_line(_) -> false.

keep(Key, Value) -> put(Key, [Value | case get(Key) of undefined -> []; L -> L end]).

take(Key) -> case erase(Key) of undefined -> []; L -> L end.

host() ->
    {ok, Host} = inet:gethostname(),
    Host.

sh(Dir, Command) ->
    Port = open_port({spawn, Command}, [{cd, Dir}, exit_status, stderr_to_stdout, binary]),
    sh_wait(Port, Command, []).

sh_wait(Port, Command, Out) ->
    receive
        {Port, {data, D}} -> sh_wait(Port, Command, [D | Out]);
        {Port, {exit_status, 0}} -> ok;
        {Port, {exit_status, S}} -> ct:fail({command_failed, Command, S, iolist_to_binary(lists:reverse(Out))})
    end.
