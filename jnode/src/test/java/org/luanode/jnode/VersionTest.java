package org.luanode.jnode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.luanode.jnode.compiler.LuaLoader;

/** jnode --version reports how Lua code runs in this JVM (-Dluanode.lua). */
class VersionTest {
    @Test
    void theVersionSaysWhetherLuaIsCompiledOrInterpreted() {
        String[] lines = new Main.Version().getVersion();
        assertThat(lines[0]).startsWith("jnode 0.1.0");
        if (LuaLoader.Mode.configured() == LuaLoader.Mode.COMPILED) {
            assertThat(lines[1]).contains("compiled to JVM classes");
        } else {
            assertThat(lines[1]).isEqualTo("Lua code: LuaJ's interpreter (-Dluanode.lua=interp)");
        }
    }
}
