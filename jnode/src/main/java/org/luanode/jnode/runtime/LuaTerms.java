package org.luanode.jnode.runtime;

import com.ericsson.otp.erlang.OtpErlangObject;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luanode.bridge.Atoms;
import org.luanode.bridge.ErlangTypes;
import org.luanode.bridge.ExitReasons;
import org.luanode.bridge.TermBridge;
import org.luanode.bridge.TermCodec;
import org.luanode.bridge.TermConversionException;
import org.luanode.jnode.process.ExitReason;
import org.luanode.jnode.process.Signal;
import org.luanode.jnode.process.Terms;

/**
 * Lua values in the process model: local messages are Lua values (copied between processes), messages
 * from other nodes are read straight into Lua values, and what the model keeps as Java values (signals,
 * reasons from other nodes) becomes Lua values when a Lua process receives it ({@link #toLua}).
 */
final class LuaTerms implements Terms {
    private static final LuaValue SIGNAL = LuaValue.valueOf("signal");
    private static final LuaValue FROM = LuaValue.valueOf("from");
    private static final LuaValue REASON = LuaValue.valueOf("reason");
    private static final LuaValue REF = LuaValue.valueOf("ref");
    private static final LuaValue NODE = LuaValue.valueOf("node");
    private static final LuaValue EXIT = LuaValue.valueOf("EXIT");
    private static final LuaValue DOWN = LuaValue.valueOf("DOWN");
    private static final LuaValue NODEDOWN = LuaValue.valueOf("NODEDOWN");
    private static final LuaValue NOCONNECTION = LuaValue.valueOf("noconnection");

    @Override
    public Object copy(Object message) {
        return message instanceof LuaValue v ? Messages.copy(v) : message;
    }

    @Override
    public OtpErlangObject messageToTerm(Object message) {
        if (message instanceof OtpErlangObject term) return term;
        try {
            return TermBridge.toErlang((LuaValue) message, "message");
        } catch (TermConversionException e) {
            throw new LuaError(e.getMessage());
        }
    }

    @Override
    public OtpErlangObject reasonToTerm(Object reason) {
        return reason instanceof OtpErlangObject term ? term : ExitReasons.toErlang((LuaValue) reason);
    }

    @Override
    public Object decodeMessage(byte[] packet, int offset) {
        return TermCodec.decodeLuaAt(packet, offset);
    }

    /**
     * An exit reason given by Lua code: the reasons the process model acts on ({@code 'normal'},
     * {@code 'kill'}, as strings or atoms) as its atoms, any other value as it is.
     */
    static Object reasonFromLua(LuaValue reason) {
        String name = reason.type() == LuaValue.TSTRING
                ? reason.tojstring()
                : Atoms.isAtom(reason) ? Atoms.name(reason) : null;
        if ("normal".equals(name)) return ExitReason.NORMAL;
        if ("kill".equals(name)) return ExitReason.KILL;
        return reason;
    }

    /** A message, signal, reason or naming kept by the process model, as Lua code sees it. */
    static LuaValue toLua(Object value) {
        if (value == null) return LuaValue.NIL;
        if (value instanceof LuaValue v) return v;
        if (value instanceof OtpErlangObject term) return TermBridge.toLua(term);
        if (value instanceof Signal signal) return signalToLua(signal);
        throw new IllegalArgumentException("no Lua form for " + value.getClass().getName());
    }

    /** An exit reason as Lua code sees it: atoms as strings (docs/terms.md, exit reasons). */
    static LuaValue reasonToLua(Object reason) {
        return reason instanceof OtpErlangObject term ? ExitReasons.toLua(term) : toLua(reason);
    }

    private static LuaTable signalToLua(Signal signal) {
        return switch (signal) {
            case Signal.Exit exit -> {
                LuaTable m = new LuaTable(0, 3);
                m.rawset(SIGNAL, EXIT);
                m.rawset(FROM, toLua(exit.from()));
                m.rawset(REASON, reasonToLua(exit.reason()));
                yield m;
            }
            case Signal.Down down -> {
                LuaTable m = new LuaTable(0, 4);
                m.rawset(SIGNAL, DOWN);
                m.rawset(FROM, toLua(down.target()));
                m.rawset(REASON, reasonToLua(down.reason()));
                m.rawset(REF, ErlangTypes.wrap(down.ref()));
                yield m;
            }
            case Signal.NodeDown nodeDown -> {
                LuaTable m = new LuaTable(0, 3);
                m.rawset(SIGNAL, NODEDOWN);
                m.rawset(NODE, LuaValue.valueOf(nodeDown.node()));
                m.rawset(REASON, NOCONNECTION);
                yield m;
            }
        };
    }
}
