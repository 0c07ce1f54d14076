package org.luanode.bench;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangBinary;
import com.ericsson.otp.erlang.OtpErlangLong;
import com.ericsson.otp.erlang.OtpErlangList;
import com.ericsson.otp.erlang.OtpErlangMap;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangPid;
import com.ericsson.otp.erlang.OtpErlangTuple;
import com.ericsson.otp.erlang.OtpInputStream;
import com.ericsson.otp.erlang.OtpOutputStream;
import org.luaj.vm2.LuaValue;
import org.luanode.bridge.TermBridge;
import org.luanode.bridge.TermCodec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The term bridge against JInterface's codec alone (the floor): one encode and one decode of the same
 * term. "codec" is bytes -> OtpErlangObject -> bytes; "bridge" is bytes -> Lua value -> bytes, which adds
 * the checked decode and the mapping both ways.
 */
@State(Scope.Thread)
public class CodecBenchmark {
    @Param({"small_tuple", "map_of_10", "list_of_200_pids", "binary_64k"})
    public String shape;

    private byte[] bytes;

    @Setup
    public void setup() {
        OtpErlangObject term = switch (shape) {
            case "small_tuple" -> new OtpErlangTuple(new OtpErlangObject[] {
                    new OtpErlangAtom("ok"), new OtpErlangLong(42), new OtpErlangBinary("hello".getBytes())});
            case "map_of_10" -> {
                OtpErlangObject[] k = new OtpErlangObject[10], v = new OtpErlangObject[10];
                for (int i = 0; i < 10; i++) {
                    k[i] = new OtpErlangAtom("key" + i);
                    v[i] = new OtpErlangBinary(("value" + i).getBytes());
                }
                yield new OtpErlangMap(k, v);
            }
            case "list_of_200_pids" -> {
                OtpErlangObject[] pids = new OtpErlangObject[200];
                for (int i = 0; i < 200; i++) pids[i] = new OtpErlangPid("bench@localhost", i, 0, 12345);
                yield new OtpErlangList(pids);
            }
            default -> new OtpErlangBinary(new byte[64 * 1024]);
        };
        bytes = TermCodec.encode(term);
    }

    @Benchmark
    public byte[] codec() throws Exception {
        OtpErlangObject term = new OtpInputStream(bytes, 0).read_any();
        OtpOutputStream out = new OtpOutputStream();
        out.write1(131);
        out.write_any(term);
        return out.toByteArray();
    }

    @Benchmark
    public byte[] bridge() {
        LuaValue value = TermCodec.decode(bytes);
        return TermCodec.encode(TermBridge.toErlang(value));
    }
}
