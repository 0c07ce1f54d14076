package org.luanode.jnode.epmd;

import static org.assertj.core.api.Assertions.assertThat;

import com.ericsson.otp.erlang.OtpEpmd;
import com.ericsson.otp.erlang.OtpPeer;
import com.ericsson.otp.erlang.OtpServer;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** The stock JInterface registers with and looks up through the mapper, as it does with epmd. */
class JInterfaceEpmdTest {

    @Test
    void jinterfaceRegistersAndResolves() throws Exception {
        try (PortMapper mapper =
                new PortMapper(new PortMapper.Settings(InetAddress.getLoopbackAddress(), 0, false, 4096, 10)).start()) {
            OtpEpmd.useEpmdPort(mapper.port());
            OtpServer server = new OtpServer("jinterface_epmd@localhost", "cookie");
            try {
                assertThat(server.publishPort()).isTrue();
                assertThat(EpmdClient.local(mapper.port()).names())
                        .contains("name jinterface_epmd at port " + server.port());
                assertThat(OtpEpmd.lookupPort(new OtpPeer("jinterface_epmd@localhost")))
                        .isEqualTo(server.port());
            } finally {
                server.unPublishPort();
                OtpEpmd.useEpmdPort(EpmdProtocol.DEFAULT_PORT);
            }
        }
    }
}
