package org.luanode.jnode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** jnode --states K|auto: how many Lua states a node runs. */
class StatesOptionTest {
    @Test
    void aCountOrOnePerCore() {
        assertThat(Main.stateCount("1")).isEqualTo(1);
        assertThat(Main.stateCount("3")).isEqualTo(3);
        assertThat(Main.stateCount("auto")).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void anythingElseIsRefusedWithTheReason() {
        assertThatThrownBy(() -> Main.stateCount("0")).hasMessage("between 1 and 1024 states, not 0");
        assertThatThrownBy(() -> Main.stateCount("many"))
                .hasMessage("a number of states or 'auto' expected, got 'many'");
    }
}
