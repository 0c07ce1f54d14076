package org.luanode.jnode.compiler;

import java.util.ArrayList;
import java.util.List;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.LuanodeCallFrames;
import org.luaj.vm2.LuanodeErrors;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.LibFunction;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * Lua errors and stack tracebacks where compiled functions are involved. A compiled function has no
 * interpreter frame: its Lua line is the JVM frame's line (luajc writes Lua lines into the class's line
 * table) or, in its error handler, the line {@link Weaver} keeps in a local variable. A traceback is the
 * JVM stack read as Lua's: compiled frames, interpreter frames (each {@code LuaClosure.execute} is the
 * next frame of LuaJ's debug call stack), and library functions as C Lua shows its C functions.
 */
public final class CompiledErrors {
    /** The error a compiled function's handler is placing, and where (for the traceback of that moment). */
    private static final ThreadLocal<Unwinding> UNWINDING = new ThreadLocal<>();

    private record Unwinding(LuaError error, int line) {}

    private CompiledErrors() {}

    /**
     * Called by a compiled function's handler: {@code e} passes through {@code function} at its Lua
     * instruction {@code pc} (-1: before the first).
     */
    public static LuaError unwinding(LuaError e, Class<?> function, int pc) {
        if (LuanodeErrors.passesUnplaced(e)) return e;
        if (LuanodeErrors.isPlaced(e)) return e; // placed (and handled) already: passing on
        ChunkClassLoader loader = (ChunkClassLoader) function.getClassLoader();
        Prototype p = loader.prototype(function);
        int line = pc >= 0 && p.lineinfo != null && pc < p.lineinfo.length ? p.lineinfo[pc] : p.linedefined;
        Unwinding outer = UNWINDING.get();
        UNWINDING.set(new Unwinding(e, line));
        try {
            return LuanodeErrors.unwindingCompiled(e, loader.globals, p, pc, line, () -> traceback(loader.globals, 1));
        } finally {
            UNWINDING.set(outer);
        }
    }

    /**
     * Called by a compiled function's handler: a Java exception (thrown by a Java method called through
     * luajava, or by LuaJ's own code) passes through {@code function}. It becomes a Lua error placed there,
     * "chunk:line: vm error: java.lang...", as LuaJ's interpreter turns it into one: pcall catches it, and
     * an uncaught one ends the process as a Lua error does, not as an internal error of the node.
     */
    public static LuaError javaException(Exception e, Class<?> function, int pc) {
        return unwinding(new LuaError(e), function, pc);
    }

    /** Called by a compiled function's handler: the JVM stack overflowed; for Lua, a "stack overflow" error. */
    public static LuaError overflow(StackOverflowError e, Class<?> function, int pc) {
        return LuanodeErrors.stackOverflow();
    }

    /**
     * "stack traceback:\n..." of the running Lua code from {@code level} (1: the function that asks for
     * it); while a compiled function's handler places an error, from where the error was raised.
     */
    public static String traceback(Globals g, int level) {
        Unwinding u = UNWINDING.get();
        List<String> lines = new ArrayList<>();
        if (u != null) {
            // C Lua's first line: the library function that raised the error (error, assert...), if one did
            for (StackTraceElement f : u.error().getStackTrace()) {
                if (ChunkClassLoader.NAME.equals(f.getClassLoaderName())) break;
                String c = libraryFrame(f.getClassName(), f.getMethodName());
                if (c != null) {
                    lines.add(c);
                    break;
                }
            }
        }
        List<LuanodeCallFrames.Frame> interpreted =
                new ArrayList<>(g != null && g.running != null ? LuanodeCallFrames.of(g.running.callstack) : List.of());
        try {
            walk(lines, interpreted, u, level);
        } catch (InternalError e) {
            // the walk itself ran out of stack (the JDK wraps that): the caller's frame has more room
            for (Throwable c = e; c != null; c = c.getCause())
                if (c instanceof StackOverflowError) throw new StackOverflowError("in a Lua traceback");
            throw e;
        }
        // as C Lua: the first 12 levels, "...", the last 10
        if (lines.size() > 22) {
            List<String> cut = new ArrayList<>(lines.subList(0, 12));
            cut.add("...");
            cut.addAll(lines.subList(lines.size() - 10, lines.size()));
            lines = cut;
        }
        StringBuilder b = new StringBuilder("stack traceback:");
        for (String l : lines) b.append("\n\t").append(l);
        b.append("\n\t[C]: ?");
        return b.toString();
    }

    /** Adds the Lua frames on this thread's stack to {@code lines}, innermost first, from {@code level}. */
    private static void walk(List<String> lines, List<LuanodeCallFrames.Frame> interpreted, Unwinding u, int level) {
        boolean[] handlerFrame = {u != null};
        int[] skip = {u != null ? 0 : level - 1};
        StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).forEach(f -> {
            Class<?> c = f.getDeclaringClass();
            String line = null;
            if (c.getClassLoader() instanceof ChunkClassLoader loader && isBody(f.getMethodName())) {
                int at = handlerFrame[0] ? u.line() : f.getLineNumber();
                handlerFrame[0] = false;
                line = luaFrame(
                        loader.prototype(c), String.valueOf(at), c.getName().equals(loader.mainClass));
            } else if (c == LuaClosure.class && f.getMethodName().equals("execute")) {
                LuanodeCallFrames.Frame frame =
                        interpreted.isEmpty() ? null : interpreted.remove(interpreted.size() - 1);
                if (frame != null && frame.function() instanceof LuaClosure closure) {
                    line = luaFrame(closure.p, "?", false);
                }
            } else if (LibFunction.class.isAssignableFrom(c)) {
                String name = libraryFrame(c.getName(), f.getMethodName());
                if (name != null && isShownBetweenLuaFrames(name)) line = name;
            }
            if (line == null) return;
            if (skip[0] > 0) {
                skip[0]--;
                return;
            }
            if (!lines.isEmpty() && lines.get(lines.size() - 1).equals(line) && line.startsWith("[C]")) return;
            lines.add(line);
        });
    }

    /**
     * debug.traceback([thread,] [message [, level]]) over compiled and interpreted frames: the message,
     * a newline and the traceback; a message that is neither a string nor nil is returned as it is.
     */
    public static LuaValue tracebackFunction(Globals g) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                int a = args.arg1().isthread() ? 2 : 1;
                LuaValue message = args.arg(a);
                if (!message.isnil() && !message.isstring()) return message;
                int level = args.optint(a + 1, 1);
                String tb = traceback(g, Math.max(level, 0));
                return LuaValue.valueOf(message.isnil() ? tb : message.tojstring() + "\n" + tb);
            }
        };
    }

    /** Only pcall and xpcall among the library functions are shown between Lua frames, as C Lua shows them. */
    private static boolean isShownBetweenLuaFrames(String line) {
        return line.equals("[C]: in function 'pcall'") || line.equals("[C]: in function 'xpcall'");
    }

    private static String luaFrame(Prototype p, String line, boolean main) {
        String where = p.shortsource() + ":" + line + ": ";
        return main ? where + "in main chunk" : where + "in function <" + p.shortsource() + ":" + p.linedefined + ">";
    }

    /** A library function's frame as C Lua shows a C function: "[C]: in function 'error'"; null if not one. */
    private static String libraryFrame(String className, String method) {
        if (!isBody(method) && !method.equals("invoke")) return null;
        int dollar = className.lastIndexOf('$');
        if (dollar < 0 || !className.startsWith("org.luaj.vm2.lib.")) return null;
        String name = className.substring(dollar + 1);
        if (name.isEmpty() || !Character.isLowerCase(name.charAt(0))) return null;
        return "[C]: in function '" + name + "'";
    }

    private static boolean isBody(String method) {
        return method.equals("call") || method.equals("onInvoke");
    }
}
