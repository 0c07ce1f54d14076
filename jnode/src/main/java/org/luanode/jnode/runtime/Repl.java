package org.luanode.jnode.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The interactive prompt, like {@code lua -i}. It runs inside a process (the main one), so
 * {@code concurrent.receive()} and {@code concurrent.spawn} work from it; while it waits for input it
 * waits (as in a receive), so the node's other processes keep running.
 */
public final class Repl {
    private final NodeRuntime runtime;
    private final PrintStream out;
    private final BufferedReader in;

    public Repl(NodeRuntime runtime, BufferedReader in, PrintStream out) {
        this.runtime = runtime;
        this.in = in;
        this.out = out;
    }

    public void run() {
        LuaProcess self = runtime.current();
        String pending = null;
        while (true) {
            String prompt = pending == null ? "> " : ">> ";
            String line = runtime.outside(self, () -> {
                out.print(prompt);
                out.flush();
                try {
                    return in.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            if (line == null) {
                out.println();
                return;
            }
            String source = pending == null ? line : pending + "\n" + line;
            if (pending == null && source.startsWith("=")) source = "return " + source.substring(1);
            LuaValue chunk = compile(source);
            if (chunk == null) {
                pending = source; // incomplete: read another line
                continue;
            }
            pending = null;
            if (chunk.isstring()) {
                out.println(chunk.tojstring());
                continue;
            }
            try {
                Varargs results = chunk.invoke();
                if (results.narg() > 0) {
                    StringBuilder s = new StringBuilder();
                    for (int i = 1; i <= results.narg(); i++) {
                        if (i > 1) s.append('\t');
                        s.append(runtime.globals()
                                .get("tostring")
                                .call(results.arg(i))
                                .tojstring());
                    }
                    out.println(s);
                }
            } catch (LuaError e) {
                out.println(e.getMessage());
            }
        }
    }

    /** The compiled chunk, an error message (as a Lua string), or null when the input is incomplete. */
    private LuaValue compile(String source) {
        Varargs asExpression =
                runtime.globals().get("load").invoke(LuaValue.valueOf("return " + source), LuaValue.valueOf("=stdin"));
        if (asExpression.arg1().isfunction()) return asExpression.arg1();
        Varargs asStatement =
                runtime.globals().get("load").invoke(LuaValue.valueOf(source), LuaValue.valueOf("=stdin"));
        if (asStatement.arg1().isfunction()) return asStatement.arg1();
        String error = asStatement.arg(2).tojstring();
        return INCOMPLETE.matcher(error).find() ? null : LuaValue.valueOf(error);
    }

    /** Input that ends too early: the syntax error is at the end of the text (lua.c's rule). */
    private static final Pattern INCOMPLETE = Pattern.compile("near '<eof>'$");
}
