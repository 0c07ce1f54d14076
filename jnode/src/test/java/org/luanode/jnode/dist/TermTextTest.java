package org.luanode.jnode.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangBinary;
import com.ericsson.otp.erlang.OtpErlangList;
import com.ericsson.otp.erlang.OtpErlangLong;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangString;
import com.ericsson.otp.erlang.OtpErlangTuple;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Erlang terms written as text, as file:consult reads erl's -ssl_dist_optfile. */
class TermTextTest {
    @Test
    void readsAnOptionFileAsErlWritesIt() {
        OtpErlangObject term = TermText.parse("""
                %% TLS for distribution
                [{server, [{certfile, "/etc/ssl/node.pem"}, {verify, verify_peer}, {depth, -2}]},
                 {client, [{'versions', ['tlsv1.3']}, {password, <<"p\\"w">>}, {list, []}]}].
                """);
        OtpErlangList sides = (OtpErlangList) term;
        OtpErlangTuple server = (OtpErlangTuple) sides.elementAt(0);
        assertThat(server.elementAt(0)).isEqualTo(new OtpErlangAtom("server"));
        OtpErlangList serverOptions = (OtpErlangList) server.elementAt(1);
        assertThat(serverOptions.elementAt(0)).isEqualTo(new OtpErlangTuple(new OtpErlangObject[] {
            new OtpErlangAtom("certfile"), new OtpErlangString("/etc/ssl/node.pem")
        }));
        assertThat(((OtpErlangTuple) serverOptions.elementAt(2)).elementAt(1)).isEqualTo(new OtpErlangLong(-2));
        OtpErlangList clientOptions = (OtpErlangList) ((OtpErlangTuple) sides.elementAt(1)).elementAt(1);
        assertThat(((OtpErlangTuple) clientOptions.elementAt(0)).elementAt(1))
                .isEqualTo(new OtpErlangList(new OtpErlangAtom("tlsv1.3")));
        assertThat(((OtpErlangTuple) clientOptions.elementAt(1)).elementAt(1))
                .isEqualTo(new OtpErlangBinary("p\"w".getBytes(StandardCharsets.UTF_8)));
        assertThat(((OtpErlangTuple) clientOptions.elementAt(2)).elementAt(1)).isEqualTo(new OtpErlangList());
    }

    @Test
    void theFullStopIsOptional() {
        assertThat(TermText.parse("{a, 1}")).isEqualTo(TermText.parse("{a,1}.\n"));
    }

    @Test
    void badTextIsRefusedWithItsLine() {
        assertThatThrownBy(() -> TermText.parse("[{server,\n [{certfile, \"x\"}\n]"))
                .isInstanceOf(TermText.SyntaxError.class)
                .hasMessageContaining("line 3");
        assertThatThrownBy(() -> TermText.parse("[X]")).hasMessageContaining("unexpected 'X'");
        assertThatThrownBy(() -> TermText.parse("{a, 1.5}")).hasMessageContaining("floats");
        assertThatThrownBy(() -> TermText.parse("\"open")).hasMessageContaining("unterminated");
        assertThatThrownBy(() -> TermText.parse("[a] [b]")).hasMessageContaining("text after the term");
    }
}
