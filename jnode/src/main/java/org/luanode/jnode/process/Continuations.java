package org.luanode.jnode.process;

/**
 * Lua processes and coroutines are JDK continuations ({@code jdk.internal.vm.Continuation}, the engine
 * of virtual threads), an internal API: the JVM must export it to luanode. {@code bin/jnode}'s jar says
 * so in its manifest ({@code Add-Exports}); other launchers pass
 * {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED}.
 */
public final class Continuations {
    private Continuations() {}

    public static void checkAccess() {
        if (!Object.class.getModule().isExported("jdk.internal.vm", Continuations.class.getModule())) {
            throw new IllegalStateException("luanode runs Lua processes as JDK continuations: start the JVM with "
                    + "--add-exports java.base/jdk.internal.vm=ALL-UNNAMED (bin/jnode's jar does this itself)");
        }
    }
}
