package org.luanode.jnode.dist;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** dist_util's arbitration when both nodes connect at once, as the table decides it. */
class ConnectionTableTest {
    private final ConnectionTable table = new ConnectionTable("m@host", null, new Connection.Listener() {
        @Override
        public void packet(Connection from, byte[] packet) {}

        @Override
        public void closed(Connection c, String why) {}
    });

    @Test
    void aNodeWithNoConnectionIsAdmitted() {
        assertThat(table.admit("z@host")).isEqualTo("ok");
    }

    @Test
    void whenBothConnectAtOnceTheGreaterNamesAttemptWins() {
        table.getOrConnect("a@host", c -> {}); // our own attempt, pending
        table.getOrConnect("z@host", c -> {});
        assertThat(table.admit("a@host")).as("we are greater: ours goes on").isEqualTo("nok");
        assertThat(table.admit("z@host")).as("it is greater: its goes on").isEqualTo("ok_simultaneous");
    }

    /**
     * Our attempt meets "alive" while the peer's own attempt is being accepted here: the peer's
     * connection is real, and answering that it is gone would make the peer drop it.
     */
    @Test
    void aPeersConnectionBeingAcceptedIsNotGone() {
        Connection ours = table.getOrConnect("z@host", c -> {});
        assertThat(table.peersConnectionIsGone(ours)).isTrue();
        table.admit("z@host");
        assertThat(table.peersConnectionIsGone(ours)).isFalse();
        table.acceptEnded("z@host");
        assertThat(table.peersConnectionIsGone(ours)).isTrue();
    }
}
