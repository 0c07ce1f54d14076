%% A small gen_server for the OTP cases: answers {echo, X} with X, 'stop_now' by exiting, and
%% 'slow' never.
-module(luanode_echo_server).
-behaviour(gen_server).
-export([start/1, init/1, handle_call/3, handle_cast/2]).

start(Name) -> gen_server:start({local, Name}, ?MODULE, [], []).

init([]) -> {ok, nostate}.

handle_call({echo, X}, _From, S) -> {reply, X, S};
handle_call(stop_now, _From, S) -> {stop, going_away, S};
handle_call(slow, _From, S) -> {noreply, S}.

handle_cast(_Msg, S) -> {noreply, S}.
