package org.luaj.vm2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/**
 * LuaString's hash as LuaJPatch leaves it: computed when first asked for, the same whichever way the
 * string was made, and given by the short-string cache to the strings it keeps (so that the cache finds
 * them again).
 */
class LuaStringHashProperties {
    @Property(tries = 500)
    void theHashIsLuaJsWhicheverWayTheStringIsMade(@ForAll @Size(max = 80) byte[] bytes) {
        int expected = LuaString.hashCode(bytes, 0, bytes.length);
        LuaString[] made = {
            LuaString.valueOf(bytes),
            LuaString.valueUsing(bytes.clone()),
            LuaString.valueOf(bytes, 0, bytes.length),
            LuaString.valueUsing(bytes.clone(), 0, bytes.length),
            LuaString.valueOf(Arrays.copyOf(bytes, bytes.length + 3), 0, bytes.length),
            LuaValue.valueOf(bytes).checkstring().substring(0, bytes.length),
        };
        LuaTable table = new LuaTable();
        table.set(made[0], LuaValue.TRUE);
        for (LuaString s : made) {
            assertThat(s.hashCode()).isEqualTo(expected);
            assertThat(s.hashCode()).isEqualTo(expected); // asked again: the kept value
            assertThat(table.get(s)).isEqualTo(LuaValue.TRUE);
        }
    }

    @Property(tries = 200)
    void theShortStringCacheFindsWhatItKept(@ForAll @Size(min = 1, max = 32) byte[] bytes) {
        LuaString first = LuaString.valueUsing(bytes.clone(), 0, bytes.length);
        LuaString again = LuaString.valueUsing(bytes.clone(), 0, bytes.length);
        assertThat(again).isSameAs(first);
        assertThat(LuaString.valueOf(bytes, 0, bytes.length)).isSameAs(first);
    }
}
