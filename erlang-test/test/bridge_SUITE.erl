%% The term bridge against a real BEAM: what term_to_binary writes, jnode reads as the documented Lua
%% values and writes back identical (=:=); what jnode encodes from Lua values, binary_to_term reads as
%% the documented terms. A change on either side makes one of these fail.
-module(bridge_SUITE).
-include_lib("common_test/include/ct.hrl").
-export([all/0, init_per_suite/1, end_per_suite/1]).
-export([erlang_terms_round_trip/1, erlang_terms_decode_to_expected_lua_values/1,
         lua_values_encode_to_expected_terms/1]).

all() -> [erlang_terms_round_trip, erlang_terms_decode_to_expected_lua_values,
          lua_values_encode_to_expected_terms].

init_per_suite(Config) ->
    Jar = filename:join([luanode_test:root(), "jnode", "target", "jnode.jar"]),
    case filelib:is_regular(Jar) of
        true -> Config;
        false -> {fail, "jnode is not built: run 'make build' first"}
    end.

end_per_suite(_Config) -> ok.

%% Every kind of term, nested in the ways that matter.
terms() ->
    Port = hd(erlang:ports()),
    LocalFun = fun(X) -> {X, self()} end,
    [ok, '', 'hello world', 'héllo', '日本語', nil, true, false, undefined,
     0, 1, -1, 255, 256, 1 bsl 31, -(1 bsl 31), 1 bsl 53, (1 bsl 53) + 1, -(1 bsl 53) - 1,
     1 bsl 64, -(1 bsl 200), 12345678901234567890123456789012345678901234567890,
     0.0, 3.0, -2.5, 0.1, 1.0e300, -1.0e-300, 9007199254740993.0, 1.0e16,
     <<>>, <<"ping">>, list_to_binary(lists:seq(0, 255)), <<"héllo"/utf8>>,
     <<1:3>>, <<255, 1:1>>, <<0:7>>,
     [], [1, 2, 3], "abc", [1000, 2000, 3000], [a | b], [1, 2 | <<"tail">>], [[], [[]]],
     {}, {ok, 1}, list_to_tuple(lists:seq(1, 300)), {nil, [nil], #{nil => nil}},
     #{}, #{a => 1, <<"b">> => 2.0, 3 => [c], {d} => #{e => f}},
     #{1 => int, 1.0 => float, 0 => zero, 0.0 => zero_float},
     #{[1, 2] => list_key, #{k => v} => map_key, <<"k">> => {}},
     #{from => self(), body => <<"ping">>},
     self(), list_to_pid("<0.4.0>"), make_ref(), Port,
     LocalFun, fun lists:map/2, fun erlang:self/0,
     [{self(), make_ref()} || _ <- lists:seq(1, 3)],
     lists:foldl(fun(_, Acc) -> {Acc} end, leaf, lists:seq(1, 200))].

erlang_terms_round_trip(Config) ->
    Terms = terms(),
    {In, Out} = files(Config, "roundtrip"),
    write_terms(In, Terms),
    {0, _} = run(["lua/test/bridge/roundtrip.lua", In, Out]),
    Back = read_terms(Out),
    Mismatches = [{T, B} || {T, B} <- lists:zip(Terms, Back), not (T =:= B)],
    [] = Mismatches,
    NumTerms = length(Terms),
    NumTerms = length(Back).

erlang_terms_decode_to_expected_lua_values(Config) ->
    Expectations =
        [{ok, "v == erlang.atom'ok' and tostring(v) == 'ok'"},
         {'EXIT', "tostring(v) == \"'EXIT'\""},
         {'héllo', "erlang.atomname(v) == 'h\\195\\169llo'"},
         {nil, "v == nil"},
         {{nil}, "v[1] == erlang.atom'nil'"},
         {true, "v == true"}, {false, "v == false"},
         {42, "v == 42 and erlang.type(v) == 'integer'"},
         {1 bsl 53, "v == 2^53"},
         {1 bsl 100, "erlang.type(v) == 'integer' and tostring(v) == '1267650600228229401496703205376'"},
         {3.0, "v == 3 and erlang.type(v) == 'float' and tostring(v) == '3.0'"},
         {2.5, "v == 2.5"},
         {<<"ping">>, "v == 'ping' and erlang.type(v) == 'binary'"},
         {<<0, 255>>, "v == '\\0\\255'"},
         {<<1:3>>, "erlang.type(v) == 'bitstring' and tostring(v) == '<<1:3>>'"},
         {[], "erlang.type(v) == 'list' and #v == 0"},
         {"abc", "erlang.type(v) == 'list' and v[1] == 97 and v[2] == 98 and v[3] == 99"},
         {[1 | 2], "erlang.type(v) == 'improper_list' and v[1] == 1 and erlang.tail(v) == 2"},
         {{ok, <<"x">>}, "erlang.type(v) == 'tuple' and #v == 2 and v[1] == erlang.atom'ok' and v[2] == 'x'"},
         {{}, "erlang.type(v) == 'tuple' and #v == 0"},
         {#{body => <<"ping">>}, "v.body == 'ping' and v[erlang.atom'body'] == 'ping'"},
         {#{<<"body">> => <<"ping">>}, "v.body == 'ping' and erlang.type(v) == 'map'"},
         {#{1 => a}, "v[1] == erlang.atom'a'"},
         {self(), "erlang.type(v) == 'pid' and tostring(v):match('^<%d+%.%d+%.%d+>$') ~= nil"},
         {make_ref(), "erlang.type(v) == 'ref' and tostring(v):match('^#Ref<') ~= nil"},
         {fun lists:map/2, "erlang.type(v) == 'fun' and tostring(v) == 'fun lists:map/2'"},
         {hd(erlang:ports()), "erlang.type(v) == 'port'"}],
    {In, _} = files(Config, "expect"),
    Lines = [[hex(term_to_binary(T)), $\t, E, $\n] || {T, E} <- Expectations],
    ok = file:write_file(In, Lines),
    case run(["lua/test/bridge/expect.lua", In]) of
        {0, _} -> ok;
        {_, Output} -> ct:fail("Lua saw other values than documented:~n~s", [Output])
    end.

lua_values_encode_to_expected_terms(Config) ->
    Expected =
        [nil, true, false, 42, -7, 1 bsl 53, 1152921504606846976.0, 1.5, 3.0,
         <<"hello">>, <<"héllo"/utf8, 0, 255>>,
         [], [1, 2, 3], #{<<"body">> => <<"ping">>, <<"n">> => 1}, #{1 => <<"a">>, 3 => <<"c">>},
         [1, <<"two">>, [3]],
         ok, 'héllo wörld', {}, {ok, <<"x">>, nil}, [], #{}, #{body => <<"pong">>},
         [1, 2 | tail], 123456789012345678901234567890, -18446744073709551616, <<7:3>>,
         #{true => <<"yes">>, 1.5 => <<"float key">>, {1} => <<"tuple key">>}],
    {_, Out} = files(Config, "lua_values"),
    {0, _} = run(["lua/test/bridge/lua_values.lua", Out]),
    Got = read_terms(Out),
    Mismatches = [{E, G} || {E, G} <- lists:zip(Expected, Got), not (E =:= G)],
    [] = Mismatches.

%% -- helpers

files(Config, Name) ->
    Dir = ?config(priv_dir, Config),
    {filename:join(Dir, Name ++ ".in"), filename:join(Dir, Name ++ ".out")}.

run(Args) ->
    case luanode_test:run_jnode(Args, 60000) of
        {0, Output} -> {0, Output};
        {Status, Output} -> ct:pal("jnode ~p exited ~p:~n~s", [Args, Status, Output]), {Status, Output}
    end.

write_terms(File, Terms) ->
    ok = file:write_file(File, [[hex(term_to_binary(T)), $\n] || T <- Terms]).

read_terms(File) ->
    {ok, Bin} = file:read_file(File),
    [binary_to_term(unhex(L)) || L <- binary:split(Bin, <<"\n">>, [global, trim_all])].

hex(Bin) -> [io_lib:format("~2.16.0b", [B]) || <<B>> <= Bin].

unhex(Hex) -> <<<<(list_to_integer([H, L], 16))>> || <<H, L>> <= Hex>>.
