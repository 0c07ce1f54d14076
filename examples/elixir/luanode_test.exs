# An ExUnit test that starts a Lua node with luanode_peer (erlang/luanode), calls its genserver with
# GenServer, and stops it. `make test-elixir` runs it (make test does, when elixir is installed):
#   elixir --sname ex_test --cookie luanode_elixir -pa <luanode ebin> examples/elixir/luanode_test.exs
ExUnit.start()

defmodule LuanodeTest do
  use ExUnit.Case

  @root System.get_env("LUANODE_ROOT") || Path.expand("../..", __DIR__)

  setup do
    {:ok, peer, node} =
      :luanode_peer.start(%{
        name: :lua_ex,
        script: Path.join(@root, "lua/test/dist/otp_server.lua"),
        serve: true,
        jnode: Path.join(@root, "bin/jnode"),
        output: fn _line -> :ok end
      })

    on_exit(fn -> :luanode_peer.stop(peer) end)
    %{peer: peer, node: node}
  end

  test "a Lua genserver answers GenServer.call and cast, and :sys", %{node: node} do
    server = {:lua_counter, node}
    assert GenServer.call(server, :get) == 0
    GenServer.cast(server, {:add, 4})
    assert GenServer.call(server, :get) == 4
    assert :sys.get_state(server) == 4
  end

  test "a map from Elixir is a Lua table with its keys", %{node: node} do
    # the Lua caller calls back into this node: an Elixir GenServer answering with a map
    {:ok, echo} = Agent.start_link(fn -> %{body: "pong"} end)
    send({:caller, node}, %{op: :call, dest: echo, req: {:get, &Function.identity/1}, timeout: 5000, report: self()})
    assert_receive {:called, :ok, %{body: "pong"}, [:unrelated1, :unrelated2]}, 5000
  end

  test "luanode_peer.call reaches the node", %{peer: peer, node: node} do
    assert :luanode_peer.call(peer, :erlang, :node, []) == node
  end
end
