package org.luanode.jnode;

import java.io.PrintStream;
import org.luanode.jnode.dist.Distribution;
import org.luanode.jnode.runtime.LuaEnvironment;
import org.luanode.jnode.runtime.NodeRuntime;

/** Assembles a node: the Lua runtime, with Erlang distribution available to concurrent.init. */
public final class Node {
    private Node() {}

    public static NodeRuntime create(PrintStream out) {
        NodeRuntime runtime = LuaEnvironment.create(out);
        runtime.setDistributionStarter(Distribution.STARTER);
        return runtime;
    }
}
