package org.luanode.jnode.dist;

import java.util.function.Supplier;

/**
 * Who this node is in a handshake: its name, creation and cookie. The cookie is read at each handshake:
 * a node whose cookie changes (setcookie after init) uses the new one from then on, both ways.
 */
record HandshakeSettings(String name, int creation, Supplier<String> cookieSource) {
    /** How long connecting and a handshake may take (net_setuptime's default). */
    static final int TIMEOUT_MILLIS = 7000;

    String cookie() {
        return cookieSource.get();
    }
}
