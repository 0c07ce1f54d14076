package org.luaj.vm2;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Error messages placed as C Lua 5.1 places them, for LuaJ errors (called from LuaJ's LuaError and
 * LuaClosure as rewritten by {@code LuaJPatch}; it lives in LuaJ's package to reach their fields):
 *
 * <ul>
 *   <li>{@code "chunk:line: message"}, with the colon (LuaJ wrote {@code "chunk:line message"});
 *   <li>the position {@code error(message, level)} names: none for level 0, the function that called
 *       error for 1, its caller for 2 (LuaJ always took the innermost function);
 *   <li>the message is only the message: the stack traceback LuaJ appended to it (so pcall returned
 *       it) is kept apart, for whoever reports an uncaught error ({@link #traceback});
 *   <li>an xpcall handler still gets the message where the error happened, and its result is the
 *       message.
 * </ul>
 */
public final class LuanodeErrors {
    /** Errors whose position is one or more callers up, and how many Lua frames are still to pass. */
    private static final Map<LuaError, Integer> PENDING = Collections.synchronizedMap(new WeakHashMap<>());
    /** Stack tracebacks of errors, taken where they happened. */
    private static final Map<LuaError, String> TRACEBACKS = Collections.synchronizedMap(new WeakHashMap<>());
    /** Interpreter errors with their message as C Lua words it. */
    private static final Map<LuaError, String> REWORDED = Collections.synchronizedMap(new WeakHashMap<>());
    /** Errors whose message is an xpcall handler's result. */
    private static final Map<LuaError, Boolean> HANDLED = Collections.synchronizedMap(new WeakHashMap<>());

    private LuanodeErrors() {}

    private static final java.util.regex.Pattern TYPE_ERROR =
            java.util.regex.Pattern.compile("bad argument: (\\w+) expected, got (\\w+)");

    /**
     * Varargs' argument checks (rewritten): argument {@code i} of {@code args} failed its check; the
     * message says which, as C's luaL_argerror does ({@code 'no value'} for a missing one). The
     * function's name is added where the error meets the calling Lua code ({@link RuntimeMessages}).
     */
    public static LuaError argument(LuaError e, Varargs args, int i) {
        if (REWORDED.containsKey(e) || e.fileline != null) return e;
        String raw = e.getMessage();
        java.util.regex.Matcher m = raw == null ? null : TYPE_ERROR.matcher(raw);
        if (m != null && m.matches()) {
            String got = i > args.narg() ? "no value" : m.group(2);
            REWORDED.put(e, "bad argument #" + i + " to '?' (" + m.group(1) + " expected, got " + got + ")");
        }
        return e;
    }

    /**
     * Lua code ran out of JVM stack (LuaClosure.execute, rewritten, and compiled functions' handlers):
     * C Lua's "stack overflow", a Lua error. Made without string work: there is little stack left.
     */
    public static LuaError stackOverflow() {
        return new Overflow();
    }

    /**
     * True while a "stack overflow" error is still to pass through more Lua frames before it is placed:
     * placing it (reflection, call sites to link, a traceback) needs the room those frames free; the
     * JDK reports running out of stack in reflection as a fatal InternalError.
     */
    public static boolean passesUnplaced(LuaError e) {
        return e instanceof Overflow o && o.framesToLeave-- > 0;
    }

    /** A "stack overflow" Lua error on its way out of the frames that used up the stack. */
    private static final class Overflow extends LuaError {
        /** Lua frames it passes through before it is placed. */
        int framesToLeave = 200;

        Overflow() {
            super("stack overflow");
        }
    }

    static {
        new Overflow(); // loaded now, not when there is no stack left to load it
    }

    /** True once the error has its position (and an xpcall handler has run): frames further up pass it on. */
    public static boolean isPlaced(LuaError e) {
        return e.traceback != null;
    }

    /** LuaError.getMessage(): {@code raw} is the message it was made with. */
    public static String message(LuaError e, String raw) {
        if (e.traceback != null && HANDLED.containsKey(e)) return e.traceback;
        raw = REWORDED.getOrDefault(e, raw);
        if (raw == null) return null;
        return e.fileline != null ? e.fileline + ": " + raw : raw;
    }

    /** The stack traceback where {@code e} happened ("stack traceback:\n..."), or null. */
    public static String traceback(LuaError e) {
        return TRACEBACKS.get(e);
    }

    /**
     * LuaClosure.processErrorHooks: {@code e} passes through a Lua function, at instruction {@code pc} of
     * {@code p}; LuaJ calls this until {@code e.traceback} is set, which marks the error as placed.
     */
    static void unwinding(LuaClosure closure, LuaError e, Prototype p, int pc) {
        if (passesUnplaced(e)) return;
        Globals g = closure.globals;
        place(
                e,
                g,
                () -> g != null && g.debuglib != null ? g.debuglib.traceback(1) : null,
                p.shortsource() + ":"
                        + (p.lineinfo != null && pc >= 0 && pc < p.lineinfo.length ? p.lineinfo[pc] : "?"),
                raw -> RuntimeMessages.asC(raw, p, pc, registers(closure)));
    }

    /**
     * Compiled Lua (jnode's compiler): {@code e} passes through a compiled function of {@code p}, at
     * instruction {@code pc} on {@code line}; {@code traceback} gives the stack where it happened.
     * Returns {@code e}.
     */
    public static LuaError unwindingCompiled(
            LuaError e, Globals g, Prototype p, int pc, int line, java.util.function.Supplier<String> traceback) {
        if (e.traceback != null) return e; // placed already
        place(e, g, traceback, p.shortsource() + ":" + line, raw -> RuntimeMessages.compiled(raw, p, pc));
        return e;
    }

    private static void place(
            LuaError e,
            Globals g,
            java.util.function.Supplier<String> traceback,
            String position,
            java.util.function.UnaryOperator<String> reword) {
        Integer toGo = PENDING.get(e);
        if (toGo == null) {
            // where the error happened: the stack is whole
            String stack = traceback.get();
            if (stack != null) TRACEBACKS.put(e, stack);
            if (e.level <= 0) {
                done(g, e);
                return;
            }
            if (e.level > 1) {
                PENDING.put(e, e.level - 1);
                return;
            }
        } else if (toGo > 1) {
            PENDING.put(e, toGo - 1);
            return;
        } else {
            PENDING.remove(e);
        }
        String raw = e.fileline == null ? e.getMessage() : null; // before the position is set
        e.fileline = position;
        if (toGo == null && e.level == 1) {
            // a runtime error of the interpreter: worded as C Lua's, with the variable's name
            String worded = raw == null ? null : reword.apply(raw);
            if (worded != null) REWORDED.put(e, worded);
        }
        done(g, e);
    }

    /** The registers of the innermost Lua call (the debug call stack's top frame), if it is {@code closure}'s. */
    private static LuaValue[] registers(LuaClosure closure) {
        if (closure.globals == null || closure.globals.running == null) return null;
        return LuanodeCallFrames.innermostRegisters(closure.globals.running.callstack, closure);
    }

    /**
     * LexState.lexerror: a syntax error as C Lua writes it, {@code chunk:line: message near 'token'}
     * (LuaJ left out the token and wrote "unexpected symbol" with the token's code).
     */
    public static LuaError syntaxError(String source, int line, String message, String near) {
        String m = message.replaceFirst("^unexpected symbol \\d+ \\(.*\\)$", "unexpected symbol");
        String token = near == null ? null : near.equals("<eos>") ? "<eof>" : near;
        return new LuaError(
                Lua.chunkid(source) + ":" + line + ": " + m + (token != null ? " near '" + token + "'" : ""));
    }

    /** The message is final: an xpcall handler turns it into its result; the error is placed. */
    private static void done(Globals g, LuaError e) {
        String message = e.getMessage();
        LuaThread running = g != null ? g.running : null;
        if (running != null && running.errorfunc != null) {
            LuaValue handler = running.errorfunc;
            running.errorfunc = null; // an error in the handler is not handled by it
            try {
                e.traceback = handler.call(LuaValue.valueOf(message == null ? "nil" : message))
                        .tojstring();
            } catch (LuaError inHandler) {
                e.traceback = "error in error handling";
            } finally {
                running.errorfunc = handler;
            }
            HANDLED.put(e, Boolean.TRUE);
        } else {
            e.traceback = message == null ? "" : message;
        }
    }
}
