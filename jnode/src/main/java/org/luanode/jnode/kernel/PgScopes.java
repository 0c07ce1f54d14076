package org.luanode.jnode.kernel;

import java.util.HashMap;
import java.util.Map;
import org.luanode.jnode.process.ProcessRuntime;

/**
 * The pg scopes this node runs, by name. A scope starts when first used (as in OTP, where a scope runs
 * once someone starts it): a BEAM node's members show up here after the scope has started and
 * discovered the BEAM node's scope of the same name. Guarded by {@code this}.
 */
public final class PgScopes {
    /** pg's default scope. */
    public static final String DEFAULT = "pg";

    private final ProcessRuntime runtime;
    private final Map<String, PgScope> scopes = new HashMap<>();

    public PgScopes(ProcessRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * The running scope of that name, started now if it is not running.
     *
     * @throws IllegalStateException when another process holds the name
     */
    public synchronized PgScope scope(String name) {
        PgScope scope = scopes.get(name);
        if (scope != null && scope.isAlive()) return scope;
        if (runtime.whereis(name) != null) {
            throw new IllegalStateException("the name " + name + " is another process's: no pg scope can use it");
        }
        PgScope fresh = new PgScope(runtime, name);
        runtime.spawn(fresh, fresh::serve, null, false, null, p -> runtime.register(name, p));
        scopes.put(name, fresh);
        return fresh;
    }
}
