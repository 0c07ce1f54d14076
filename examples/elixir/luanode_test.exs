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
        # ready once the script has registered its processes (it prints this line last)
        wait: {:line, "otp ready"},
        output: fn _line -> :ok end
      })

    on_exit(fn -> :luanode_peer.stop(peer) end)
    true = Node.connect(node)
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

  test "GenServer calls a Lua genserver by its :global name", %{node: node} do
    :ok = :global.sync()
    pid = :global.whereis_name(:global_counter)
    assert node(pid) == node
    assert GenServer.call({:global, :global_counter}, {:add, 2}) == 2
    assert GenServer.call({:lua_counter, node}, :get) == 2
  end

  test "a Lua process is a member of a :pg group", %{node: node} do
    case :pg.start(:pg) do
      {:ok, _} -> :ok
      {:error, {:already_started, _}} -> :ok
    end

    # the two scopes discover each other when the nodes connect, or when this one starts after
    lua_counter = :erpc.call(node, :erlang, :whereis, [:lua_counter])
    assert wait_until(fn -> :pg.get_members(:lua_workers) == [lua_counter] end)
    for member <- :pg.get_members(:lua_workers), do: assert(GenServer.call(member, :get) == 0)
  end

  test "luanode_peer.call reaches the node", %{peer: peer, node: node} do
    assert :luanode_peer.call(peer, :erlang, :node, []) == node
  end

  defp wait_until(check, tries \\ 100) do
    cond do
      check.() -> true
      tries == 0 -> false
      true -> Process.sleep(100) && wait_until(check, tries - 1)
    end
  end
end
