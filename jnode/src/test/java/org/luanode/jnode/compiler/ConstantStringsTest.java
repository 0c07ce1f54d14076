package org.luanode.jnode.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

class ConstantStringsTest {
    @Test
    void oneObjectPerShortText() {
        LuaString a = ConstantStrings.valueOf("from_" + System.nanoTime());
        LuaString b = ConstantStrings.valueOf(a.tojstring());
        assertThat(b).isSameAs(a);
        assertThat(ConstantStrings.valueOf("body")).isNotSameAs(ConstantStrings.valueOf("bodY"));
        String long_ = "x".repeat(100);
        assertThat(ConstantStrings.valueOf(long_).tojstring()).isEqualTo(long_);
    }

    @Test
    void bytesAreTheKeyNotTheirDecoding() {
        // two byte strings that are not UTF-8 decode to the same Java text; they stay two strings
        LuaString one = LuaString.valueOf(new byte[] {(byte) 0xff, 1});
        LuaString other = LuaString.valueOf(new byte[] {(byte) 0xfe, 1});
        assertThat(ConstantStrings.share(one).raweq(ConstantStrings.share(other)))
                .isFalse();
        assertThat(ConstantStrings.share(LuaString.valueOf(new byte[] {(byte) 0xff, 1})))
                .isSameAs(ConstantStrings.share(one));
    }

    @Test
    void tableKeysAreReplacedByTheSharedObjectsAndValuesKept() {
        // 36 bytes: longer than LuaJ's cache of recent strings takes, so each valueOf is a new object
        String name = String.format("key_%032d", System.nanoTime());
        LuaString shared = ConstantStrings.valueOf(name);
        LuaString own = LuaString.valueOf(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(own).isNotSameAs(shared);
        LuaTable library = new LuaTable();
        library.rawset(own, LuaValue.valueOf(42));
        library.rawset(1, LuaValue.valueOf("first"));
        LuaTable globals = new LuaTable();
        globals.rawset(LuaValue.valueOf("lib_" + name), library);

        ConstantStrings.shareLibraryKeys(globals);

        LuaValue onlyKey = library.next(LuaValue.ONE).arg1();
        assertThat(onlyKey).isSameAs(shared);
        assertThat(library.rawget(shared).toint()).isEqualTo(42);
        assertThat(library.rawget(1).tojstring()).isEqualTo("first");
        assertThat(library.keys()).hasSize(2);
    }
}
