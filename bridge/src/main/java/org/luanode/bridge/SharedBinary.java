package org.luanode.bridge;

import com.ericsson.otp.erlang.OtpErlangBinary;

/**
 * A binary that uses a Lua string's bytes as they are. JInterface's constructor copies its argument;
 * a Lua string never changes and the bridge only reads the binary, so the copy (64 KB for a 64 KB
 * message) buys nothing.
 */
final class SharedBinary extends OtpErlangBinary {
    private static final byte[] NONE = new byte[0];

    SharedBinary(byte[] bytes) {
        super(NONE);
        this.bin = bytes;
    }
}
