package org.luanode.jnode.runtime;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangBinary;
import com.ericsson.otp.erlang.OtpErlangList;
import com.ericsson.otp.erlang.OtpErlangLong;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangRef;
import com.ericsson.otp.erlang.OtpErlangTuple;
import java.nio.charset.StandardCharsets;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;
import org.luanode.bridge.ExitReasons;
import org.luanode.bridge.TermBridge;
import org.luanode.bridge.TermConversionException;
import org.luanode.jnode.process.ProcessExit;
import org.luanode.jnode.process.Terms;

/**
 * Calls from Erlang nodes into Lua functions: {@code rpc:call(LuaNode, Module, Function, Args)},
 * {@code erpc:call}, {@code erpc:multicall}, {@code rpc:cast} and the rest. Since OTP 23 they all reach
 * the called node as a spawn request for {@code erpc:execute_call(Ref, M, F, Args)} (calls) or
 * {@code erpc:execute_cast(M, F, Args)} (casts). Here that process calls {@code require(M)[F](Args...)}
 * and ends as erpc's own would, with a reason the caller's monitor turns into the call's outcome:
 * {@code {Ref, return, Result}} (the function's first result), {@code {Ref, error, Reason, Stack}} (a Lua
 * error; {@code undef} when there is no such module or function), {@code {Ref, exit, Reason}}
 * ({@code concurrent.exit}).
 */
final class ErpcCalls {
    private ErpcCalls() {}

    /** Whether a spawn request names one of erpc's entry points, with the arguments erpc gives it. */
    static boolean isErpc(String module, String function, OtpErlangList args) {
        if (!module.equals("erpc")) return false;
        return (function.equals("execute_call")
                        && args.arity() == 4
                        && args.elementAt(0) instanceof OtpErlangRef
                        && isMfa(args, 1))
                || (function.equals("execute_cast") && args.arity() == 3 && isMfa(args, 0));
    }

    private static boolean isMfa(OtpErlangList args, int at) {
        return args.elementAt(at) instanceof OtpErlangAtom
                && args.elementAt(at + 1) instanceof OtpErlangAtom
                && TermBridge.asList(args.elementAt(at + 2)) != null;
    }

    /** The module an erpc entry point calls (see {@link #isErpc}). */
    static String calledModule(String function, OtpErlangList args) {
        return ((OtpErlangAtom) args.elementAt(function.equals("execute_call") ? 1 : 0)).atomValue();
    }

    /** The body of the process that serves the call (see {@link #isErpc}). */
    static LuaValue body(RemoteCalls calls, Terms terms, String function, OtpErlangList args) {
        boolean call = function.equals("execute_call");
        int at = call ? 1 : 0;
        String calledModule = ((OtpErlangAtom) args.elementAt(at)).atomValue();
        String calledFunction = ((OtpErlangAtom) args.elementAt(at + 1)).atomValue();
        OtpErlangList callArgs = TermBridge.asList(args.elementAt(at + 2));
        LuaValue[] luaArgs = new LuaValue[callArgs.arity()];
        for (int i = 0; i < luaArgs.length; i++) luaArgs[i] = TermBridge.toLua(callArgs.elementAt(i));
        // (not "name": inside the function below that would be LibFunction's own field)
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs ignored) {
                if (!call) { // a cast: nobody waits for the outcome; an error ends the process as any other
                    return calls.callable(calledModule, calledFunction, luaArgs.length)
                            .invoke(LuaValue.varargsOf(luaArgs));
                }
                OtpErlangRef ref = (OtpErlangRef) args.elementAt(0);
                throw new ProcessExit(
                        outcome(calls, terms, ref, calledModule, calledFunction, callArgs, luaArgs), false);
            }
        };
    }

    /** Runs the call; its outcome as erpc:execute_call/4 reports it (the process's exit reason). */
    private static OtpErlangTuple outcome(
            RemoteCalls calls,
            Terms terms,
            OtpErlangRef ref,
            String module,
            String name,
            OtpErlangList callArgs,
            LuaValue[] args) {
        OtpErlangList stack = new OtpErlangList(tuple(
                new OtpErlangAtom(module),
                new OtpErlangAtom(name),
                new OtpErlangLong(args.length),
                new OtpErlangList()));
        OtpErlangObject bif = calls.bifs.call(module, name, callArgs);
        if (bif != null) return tuple(ref, atom("return"), bif);
        LuaValue f;
        try {
            f = calls.callable(module, name);
        } catch (LuaError e) { // the module exists but fails to load
            return tuple(ref, atom("error"), ExitReasons.toErlang(NodeRuntime.errorReason(e)), stack);
        }
        if (f == null) {
            OtpErlangList where = new OtpErlangList(
                    tuple(new OtpErlangAtom(module), new OtpErlangAtom(name), callArgs, new OtpErlangList()));
            return tuple(ref, atom("error"), atom("undef"), where); // as Erlang reports a missing function
        }
        LuaValue result;
        try {
            result = f.invoke(LuaValue.varargsOf(args)).arg1();
        } catch (LuaError e) {
            return tuple(ref, atom("error"), ExitReasons.toErlang(NodeRuntime.errorReason(e)), stack);
        } catch (ProcessExit e) {
            if (e.bySignal) throw e; // killed by a signal: the caller sees the signal, as with an Erlang callee
            return tuple(ref, atom("exit"), terms.reasonToTerm(e.reason));
        }
        try {
            return tuple(ref, atom("return"), TermBridge.toErlang(result, "the result"));
        } catch (TermConversionException e) {
            return tuple(
                    ref, atom("error"), new OtpErlangBinary(e.getMessage().getBytes(StandardCharsets.UTF_8)), stack);
        }
    }

    private static OtpErlangAtom atom(String name) {
        return new OtpErlangAtom(name);
    }

    private static OtpErlangTuple tuple(OtpErlangObject... elements) {
        return new OtpErlangTuple(elements);
    }
}
