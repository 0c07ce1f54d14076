package org.luanode.jnode;

import java.io.PrintStream;
import org.luanode.jnode.compiler.LuaLoader;
import org.luanode.jnode.dist.Distribution;
import org.luanode.jnode.runtime.LuaEnvironment;
import org.luanode.jnode.runtime.NodeRuntime;
import org.luanode.jnode.runtime.StateLimits;

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

    /** A node with a Lua state for each of {@code limits} (jnode --restrict), each run by a thread of its own. */
    public static NodeRuntime create(PrintStream out, LuaLoader.Mode mode, StateLimits[] limits) {
        NodeRuntime runtime = LuaEnvironment.create(out, mode, limits);
        runtime.setDistributionStarter(Distribution.STARTER);
        return runtime;
    }

    /** A node with {@code states} Lua states, each run by a thread of its own. */
    public static NodeRuntime create(PrintStream out, LuaLoader.Mode mode, int states) {
        NodeRuntime runtime = LuaEnvironment.create(out, mode, states);
        runtime.setDistributionStarter(Distribution.STARTER);
        return runtime;
    }
}
