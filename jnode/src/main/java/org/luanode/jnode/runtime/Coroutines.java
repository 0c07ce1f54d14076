package org.luanode.jnode.runtime;

import java.util.function.Function;
import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.VarArgFunction;
import org.luanode.jnode.process.Continuations;

/**
 * Lua's {@code coroutine} library on JDK continuations, in place of LuaJ's, which runs every coroutine
 * on a platform thread of its own. Here a coroutine is a continuation nested in its process's: resume
 * runs it on the Lua thread until it yields, and a suspended coroutine is only a heap object (no thread
 * to leak when it is never finished). A coroutine may receive, sleep or be preempted like the process
 * it runs in: the whole process is then suspended, the coroutine with it.
 */
final class Coroutines extends TwoArgFunction {
    static {
        Continuations.checkAccess();
    }

    private static final ContinuationScope COROUTINES = new ContinuationScope("luanode-coroutine");
    private Globals globals;

    /** A Lua coroutine: a LuaJ thread value (so type() says "thread") whose body is a continuation. */
    private static final class Coroutine extends LuaThread {
        private final Continuation continuation;
        /** Values handed over by the last resume (into the coroutine) or yield/return (out of it). */
        private Varargs transfer = NONE;
        /** What ended the body, when it did not return: a Lua error, or a process exit passing through. */
        private Throwable failure;

        Coroutine(Globals globals, LuaValue body) {
            super(globals, body);
            continuation = new Continuation(COROUTINES, () -> {
                try {
                    transfer = body.invoke(transfer);
                } catch (Throwable t) {
                    failure = t;
                }
            });
        }
    }

    @Override
    public LuaValue call(LuaValue modname, LuaValue env) {
        globals = env.checkglobals();
        LuaTable lib = new LuaTable();
        fn(lib, "create", args -> new Coroutine(globals, args.checkfunction(1)));
        fn(lib, "resume", args -> resume(checkCoroutine(args.arg1()), args.subargs(2)));
        fn(lib, "yield", this::yield);
        fn(lib, "status", args -> valueOf(args.checkthread(1).getStatus()));
        fn(lib, "running", args -> varargsOf(globals.running, valueOf(globals.running.isMainThread())));
        fn(lib, "isyieldable", args -> valueOf(globals.running instanceof Coroutine));
        fn(lib, "wrap", args -> {
            Coroutine co = new Coroutine(globals, args.checkfunction(1));
            return new VarArgFunction() {
                @Override
                public Varargs invoke(Varargs in) {
                    Varargs out = resume(co, in);
                    if (out.arg1().toboolean()) return out.subargs(2);
                    throw new LuaError(out.arg(2));
                }
            };
        });
        env.set("coroutine", lib);
        env.get("package").get("loaded").set("coroutine", lib);
        return lib;
    }

    private static Coroutine checkCoroutine(LuaValue v) {
        if (!v.isthread()) throw new LuaError("bad argument #1 to '?' (coroutine expected)"); // 5.1's words
        LuaThread t = v.checkthread();
        if (t instanceof Coroutine co) return co;
        return null; // a process's main thread: never suspended, so never resumable
    }

    private Varargs resume(Coroutine co, Varargs args) {
        int status = co == null ? LuaThread.STATUS_RUNNING : co.state.status;
        if (status != LuaThread.STATUS_INITIAL && status != LuaThread.STATUS_SUSPENDED) {
            String what = status == LuaThread.STATUS_DEAD ? "dead" : "non-suspended";
            return varargsOf(FALSE, valueOf("cannot resume " + what + " coroutine"));
        }
        LuaThread resumer = globals.running;
        resumer.state.status = LuaThread.STATUS_NORMAL;
        co.state.status = LuaThread.STATUS_RUNNING;
        globals.running = co;
        co.transfer = args;
        try {
            co.continuation.run();
        } finally {
            globals.running = resumer;
            resumer.state.status = LuaThread.STATUS_RUNNING;
        }
        if (!co.continuation.isDone()) {
            co.state.status = LuaThread.STATUS_SUSPENDED;
            return varargsOf(TRUE, co.transfer);
        }
        co.state.status = LuaThread.STATUS_DEAD;
        Throwable failure = co.failure;
        co.failure = null;
        if (failure == null) return varargsOf(TRUE, co.transfer);
        if (failure instanceof LuaError e) return varargsOf(FALSE, e.getMessageObject()); // as pcall returns it
        if (failure instanceof StackOverflowError) return varargsOf(FALSE, valueOf("stack overflow"));
        if (failure instanceof Error e) throw e; // a process exit: it ends the process, not just the coroutine
        throw (RuntimeException) failure;
    }

    private Varargs yield(Varargs values) {
        if (!(globals.running instanceof Coroutine co)) throw new LuaError("attempt to yield from outside a coroutine");
        co.transfer = values;
        boolean yielded;
        try {
            yielded = Continuation.yield(COROUTINES);
        } catch (IllegalStateException pinned) {
            yielded = false;
        }
        if (!yielded) throw new LuaError("attempt to yield across a Java call boundary");
        return co.transfer;
    }

    private static void fn(LuaTable lib, String functionName, Function<Varargs, Varargs> body) {
        lib.set(functionName, new VarArgFunction() {
            {
                name = functionName; // for error messages: "bad argument #1 to 'resume'"
            }

            @Override
            public Varargs invoke(Varargs args) {
                return body.apply(args);
            }
        });
    }
}
