package org.luanode.bridge;

import java.util.function.Function;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/** Library functions written as Java lambdas, named as Lua's error messages name them. */
public final class LuaFunctions {
    private LuaFunctions() {}

    /** A Lua function called {@code name} that runs {@code body} on its arguments. */
    public static VarArgFunction named(String fname, Function<Varargs, ? extends Varargs> body) {
        return new VarArgFunction() {
            {
                name = fname; // LibFunction's own field, which error messages use
            }

            @Override
            public Varargs invoke(Varargs args) {
                return body.apply(args);
            }
        };
    }
}
