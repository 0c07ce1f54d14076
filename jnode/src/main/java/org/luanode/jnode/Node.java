package org.luanode.jnode;

import java.io.PrintStream;
import org.luanode.jnode.compiler.LuaLoader;
import org.luanode.jnode.dist.Distribution;
import org.luanode.jnode.runtime.LuaEnvironment;
import org.luanode.jnode.runtime.NodeRuntime;

/** Assembles a node: the Lua runtime, with Erlang distribution available to concurrent.init. */
public final class Node {
    private Node() {}

    public static NodeRuntime create(PrintStream out) {
        return create(out, LuaLoader.Mode.configured());
    }

    /** A node whose Lua chunks are compiled to JVM classes or run by the interpreter. */
    public static NodeRuntime create(PrintStream out, LuaLoader.Mode mode) {
        return create(out, mode, 1);
    }

    /** A node with {@code states} Lua states, each run by a thread of its own. */
    public static NodeRuntime create(PrintStream out, LuaLoader.Mode mode, int states) {
        NodeRuntime runtime = LuaEnvironment.create(out, mode, states);
        runtime.setDistributionStarter(Distribution.STARTER);
        return runtime;
    }
}
