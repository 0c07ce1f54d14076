package org.luanode.jnode.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** jnode --restrict specs, read into each state's limits. */
class StateLimitsTest {
    @Test
    void specsNameStatesLibrariesAndBudgets() {
        StateLimits[] limits = StateLimits.parse(List.of("os,io", "3-4:debug,heap=64e6", "4:ticks=1000000"), 4);
        assertThat(limits[0]).isEqualTo(StateLimits.NONE); // 'others' (no STATES:) leaves the first alone
        assertThat(limits[1]).isEqualTo(new StateLimits(Set.of("io", "os"), 0, 0));
        assertThat(limits[2]).isEqualTo(new StateLimits(Set.of("debug", "io", "os"), 64_000_000, 0));
        assertThat(limits[3]).isEqualTo(new StateLimits(Set.of("debug", "io", "os"), 64_000_000, 1_000_000));
        assertThat(StateLimits.parse(List.of("1:luajava,load"), 1)[0].withoutLibs())
                .containsExactly("load", "luajava");
    }

    @Test
    void badSpecsSayWhatIsWrong() {
        assertThatThrownBy(() -> StateLimits.parse(List.of("5:os"), 2))
                .hasMessage("states 5 are not among this node's 1-2 (--states)");
        assertThatThrownBy(() -> StateLimits.parse(List.of("two:os"), 2))
                .hasMessageContaining("'two' is not a state number");
        assertThatThrownBy(() -> StateLimits.parse(List.of("2:fs"), 2))
                .hasMessageContaining("'fs' in '2:fs' is neither a library");
        assertThatThrownBy(() -> StateLimits.parse(List.of("2:heap=-1"), 2))
                .hasMessageContaining("a number >= 0 expected");
    }
}
