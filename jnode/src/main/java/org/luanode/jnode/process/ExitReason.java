package org.luanode.jnode.process;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangBinary;
import java.nio.charset.StandardCharsets;

/**
 * Exit reasons as the process model sees them: any Java value. Erlang terms ({@code OtpErlangObject})
 * are the common currency; a host may use its own values for reasons that never leave the node (a Lua
 * table, say) and turns them into terms for other nodes ({@link Terms}). The reasons the model itself
 * acts on are atoms: a host gives {@code normal} and {@code kill} as these atoms.
 */
public final class ExitReason {
    private ExitReason() {}

    public static final OtpErlangAtom NORMAL = new OtpErlangAtom("normal");
    public static final OtpErlangAtom KILL = new OtpErlangAtom("kill");
    public static final OtpErlangAtom KILLED = new OtpErlangAtom("killed");
    /** A process of a Lua state restarted after a fatal error (any process of it then). */
    public static final OtpErlangAtom STATE_RESTARTED = new OtpErlangAtom("state_restarted");
    /** A process that used up its instruction budget (jnode --restrict ticks=N). */
    public static final OtpErlangAtom INSTRUCTION_BUDGET = new OtpErlangAtom("instruction_budget");

    public static final OtpErlangAtom NOPROC = new OtpErlangAtom("noproc");
    public static final OtpErlangAtom NOCONNECTION = new OtpErlangAtom("noconnection");

    public static boolean isNormal(Object reason) {
        return NORMAL.equals(reason);
    }

    public static boolean isKill(Object reason) {
        return KILL.equals(reason);
    }

    /** A reason that is a text (an internal error's description): a binary, as Erlang's error texts are. */
    public static OtpErlangBinary text(String s) {
        return new OtpErlangBinary(s.getBytes(StandardCharsets.UTF_8));
    }
}
