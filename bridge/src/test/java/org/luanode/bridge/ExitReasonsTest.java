package org.luanode.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangBinary;
import com.ericsson.otp.erlang.OtpErlangLong;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangTuple;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/** The exit-reason rule of docs/terms.md: atom-like strings are atoms, other strings binaries. */
class ExitReasonsTest {

    @Test
    void atomLikeStringsLeaveAsAtoms() {
        assertThat(ExitReasons.toErlang(LuaValue.valueOf("normal"))).isEqualTo(new OtpErlangAtom("normal"));
        assertThat(ExitReasons.toErlang(LuaValue.valueOf("finished"))).isEqualTo(new OtpErlangAtom("finished"));
        assertThat(ExitReasons.toErlang(LuaValue.valueOf("no_proc@x1"))).isEqualTo(new OtpErlangAtom("no_proc@x1"));
    }

    @Test
    void otherStringsLeaveAsBinaries() {
        String error = "script.lua:3 boom\nstack traceback:\n\t...";
        assertThat(ExitReasons.toErlang(LuaValue.valueOf(error)))
                .isEqualTo(new OtpErlangBinary(error.getBytes(StandardCharsets.UTF_8)));
        assertThat(ExitReasons.toErlang(LuaValue.valueOf("Finished"))).isInstanceOf(OtpErlangBinary.class);
    }

    @Test
    void otherValuesFollowTheTermMapping() {
        var lua = JsePlatform.standardGlobals();
        lua.load(new ErlangLib());
        LuaValue shutdown =
                lua.load("return erlang.tuple(erlang.atom'shutdown', 42)").call();
        assertThat(ExitReasons.toErlang(shutdown))
                .isEqualTo(new OtpErlangTuple(
                        new OtpErlangObject[] {new OtpErlangAtom("shutdown"), new OtpErlangLong(42)}));
        // a value with no Erlang form still gives a reason, as text, rather than losing the exit
        assertThat(ExitReasons.toErlang(lua.get("print"))).isInstanceOf(OtpErlangBinary.class);
    }

    @Test
    void atomsArriveAsStringsSoLuaCanCompareThem() {
        assertThat(ExitReasons.toLua(new OtpErlangAtom("noconnection"))).isEqualTo(LuaValue.valueOf("noconnection"));
        assertThat(ExitReasons.toLua(new OtpErlangBinary("x y".getBytes()))).isEqualTo(LuaValue.valueOf("x y"));
        OtpErlangTuple reason =
                new OtpErlangTuple(new OtpErlangObject[] {new OtpErlangAtom("shutdown"), new OtpErlangLong(1)});
        assertThat(ExitReasons.toErlang(ExitReasons.toLua(reason))).isEqualTo(reason);
    }
}
