package org.luanode.bridge;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangBinary;
import com.ericsson.otp.erlang.OtpErlangObject;
import java.nio.charset.StandardCharsets;
import org.luaj.vm2.LuaValue;

/**
 * Exit reasons between Lua and Erlang. ConcurrentLua programs compare reasons with strings
 * ({@code msg.reason == 'normal'}), Erlang code with atoms ({@code normal}, {@code killed},
 * {@code noconnection}). So, for exit reasons only: an atom arrives in Lua as its name, a string that
 * reads as a plain atom ({@code finished}, {@code normal}) leaves as that atom, and any other string (a
 * Lua error with its traceback) leaves as a binary. Other values follow the term mapping.
 */
public final class ExitReasons {
    private ExitReasons() {}

    public static OtpErlangObject toErlang(LuaValue reason) {
        if (reason.type() == LuaValue.TSTRING) {
            String s = reason.tojstring();
            if (s.length() <= Atoms.MAX_LENGTH && s.matches("[a-z][A-Za-z0-9_@]*")) return new OtpErlangAtom(s);
            return new OtpErlangBinary(TermBridge.bytes(reason.checkstring()));
        }
        try {
            return TermBridge.toErlang(reason, "exit reason");
        } catch (TermConversionException e) {
            return new OtpErlangBinary(reason.tojstring().getBytes(StandardCharsets.UTF_8));
        }
    }

    public static LuaValue toLua(OtpErlangObject reason) {
        if (reason instanceof OtpErlangAtom a) return LuaValue.valueOf(a.atomValue());
        return TermBridge.toLua(reason);
    }
}
