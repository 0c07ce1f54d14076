package org.luanode.jnode.runtime;

import com.ericsson.otp.erlang.OtpErlangList;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangRef;
import com.ericsson.otp.erlang.OtpErlangTuple;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luanode.bridge.Atoms;
import org.luanode.bridge.ErlangTypes;
import org.luanode.bridge.TermBridge;
import org.luanode.bridge.TermConversionException;
import org.luanode.jnode.process.Signal;

/**
 * The OTP side of the {@code concurrent} module: {@code call} and {@code reply} in gen_server's protocol,
 * and {@code rpc} into functions of other nodes (erpc's protocol). {@code cast} is a plain send.
 */
final class OtpCalls {
    static final LuaValue GEN_CALL = Atoms.atom("$gen_call");
    static final LuaValue GEN_CAST = Atoms.atom("$gen_cast");
    private static final LuaValue ALIAS = Atoms.atom("alias");

    private final NodeRuntime runtime;
    private final ConcurrentLib lib;

    OtpCalls(NodeRuntime runtime, ConcurrentLib lib) {
        this.runtime = runtime;
        this.lib = lib;
    }

    /**
     * rpc(node, module, function, ...): calls an Erlang (or luanode) function on another node, as
     * erpc:call does, while the other processes run; returns its result, or raises the error: the
     * failure as Erlang reports it, or 'noconnection'.
     */
    Varargs rpc(Varargs args) {
        LuaProcess self = runtime.current();
        String node = ProcessNames.nameOf(args.arg1(), "rpc");
        String module = ProcessNames.nameOf(args.arg(2), "rpc");
        String function = ProcessNames.nameOf(args.arg(3), "rpc");
        OtpErlangObject[] callArgs = new OtpErlangObject[Math.max(0, args.narg() - 3)];
        try {
            for (int i = 0; i < callArgs.length; i++) {
                callArgs[i] = TermBridge.toErlang(args.arg(i + 4), "argument " + (i + 1));
            }
        } catch (TermConversionException e) {
            throw new LuaError(e.getMessage());
        }
        CompletableFuture<OtpErlangObject> result =
                runtime.distributed().call(self, node, module, function, new OtpErlangList(callArgs));
        Object outcome = runtime.outside(self, () -> {
            try {
                return result.get(15, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                return e.getCause();
            } catch (Exception e) {
                return e;
            }
        });
        if (outcome instanceof Throwable failure) throw new LuaError(String.valueOf(failure.getMessage()));
        return TermBridge.toLua((OtpErlangObject) outcome);
    }

    /**
     * gen_server:call's protocol: monitors the server, sends {'$gen_call', {Self, Tag}, Request} and
     * waits for {Tag, Reply} or the monitor's DOWN, leaving other messages where they are. Raises the
     * Erlang exit reason as the error value: {timeout, {gen_server, call, [Dest, Request, Timeout]}},
     * noproc, noconnection, or the server's own reason.
     */
    Varargs call(Varargs args) {
        LuaProcess self = runtime.current();
        LuaValue dest = args.arg1();
        LuaValue request = args.arg(2);
        LuaValue timeoutArg = args.arg(3);
        long timeout =
                timeoutArg.isnil() ? 5000 : isInfinity(timeoutArg) ? -1 : ConcurrentLib.millis(timeoutArg, "call");
        ProcessNames.Target t = lib.resolve(dest, "call");
        int mark = runtime.processes.mailboxSize(self); // the answer comes after this
        OtpErlangRef mref = t.isRemote()
                ? runtime.relationships().monitor(self, t.wireName(), t.node(), dest)
                : runtime.relationships().monitor(self, t.wireName(), null, t.namedAs());
        // The reply comes through an alias, [alias | Mref] as OTP 24+ callers tag their calls: once the
        // call is over, a late reply is dropped instead of lingering in the mailbox.
        runtime.processes.aliases().make(self, mref);
        LuaValue tag = ErlangTypes.newImproperList(1, ErlangTypes.wrap(mref));
        tag.rawset(1, ALIAS);
        lib.send(dest, ErlangTypes.tuple(GEN_CALL, ErlangTypes.tuple(runtime.pidValue(self), tag), request));
        Object answer = runtime.processes.receive(self, timeout, m -> isReply(m, mref) || isDown(m, mref), mark);
        runtime.processes.aliases().deactivate(self, mref);
        if (answer instanceof Signal.Down down) throw new LuaError(LuaTerms.reasonToLua(down.reason()));
        runtime.relationships().demonitor(self, mref);
        runtime.processes.receive(self, 0, m -> isDown(m, mref), mark); // a DOWN that came meanwhile: flushed
        if (answer == null) {
            LuaValue where = ErlangTypes.tuple(
                    Atoms.atom("gen_server"),
                    Atoms.atom("call"),
                    ErlangTypes.list(dest, request, timeout < 0 ? Atoms.atom("infinity") : timeoutArg));
            throw new LuaError(ErlangTypes.tuple(Atoms.atom("timeout"), where));
        }
        return ((LuaTable) LuaTerms.toLua(answer)).get(2);
    }

    /**
     * {[alias | Mref], Reply}, or {Mref, Reply} from a server that answers the caller's pid; as a Lua
     * value, or as the Erlang term a process written in Java (a pg scope) sent.
     */
    private static boolean isReply(Object m, OtpErlangRef mref) {
        if (m instanceof OtpErlangTuple t && t.arity() == 2) {
            OtpErlangObject tag = t.elementAt(0);
            if (tag instanceof OtpErlangList l && l.arity() == 1) tag = l.getLastTail();
            return mref.equals(tag);
        }
        if (!(m instanceof LuaTable t && ErlangTypes.kindOf(t) == ErlangTypes.Kind.TUPLE && t.rawlen() == 2)) {
            return false;
        }
        LuaValue tag = t.rawget(1);
        if (tag instanceof LuaTable list && ErlangTypes.kindOf(list) == ErlangTypes.Kind.IMPROPER_LIST) {
            tag = ErlangTypes.improperTail(list);
        }
        return mref.equals(ErlangTypes.unwrap(tag));
    }

    private static boolean isDown(Object m, OtpErlangRef ref) {
        return m instanceof Signal.Down d && d.ref().equals(ref);
    }

    private static boolean isInfinity(LuaValue v) {
        String s = v.type() == LuaValue.TSTRING ? v.tojstring() : Atoms.isAtom(v) ? Atoms.name(v) : null;
        return "infinity".equals(s);
    }

    /**
     * gen_server:reply: {Tag, Value} to the caller named in a call's From ({Pid, Tag}); through the
     * caller's alias when its tag is [alias | Alias], as OTP 24+ callers make it.
     */
    boolean reply(LuaValue from, LuaValue value) {
        LuaProcess self = runtime.current();
        if (!from.istable() || ErlangTypes.kindOf((LuaTable) from) != ErlangTypes.Kind.TUPLE) {
            throw new LuaError("bad argument #1 to 'reply' (a call's from, {pid, tag}, expected)");
        }
        LuaValue pid = from.get(1);
        LuaValue tag = from.get(2);
        LuaValue message = ErlangTypes.tuple(tag, value);
        if (tag.istable()
                && ErlangTypes.kindOf((LuaTable) tag) == ErlangTypes.Kind.IMPROPER_LIST
                && Atoms.isAtom(tag.get(1))
                && Atoms.name(tag.get(1)).equals("alias")
                && ErlangTypes.unwrap(ErlangTypes.improperTail((LuaTable) tag)) instanceof OtpErlangRef alias) {
            runtime.processes.aliases().send(self, alias, message); // an alias no longer active drops it
            return true;
        }
        return lib.send(pid, message).toboolean();
    }
}
