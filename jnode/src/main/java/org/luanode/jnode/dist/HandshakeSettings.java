package org.luanode.jnode.dist;

/** Who this node is in a handshake: its name, creation and cookie. */
record HandshakeSettings(String name, int creation, String cookie) {
    /** How long connecting and a handshake may take (net_setuptime's default). */
    static final int TIMEOUT_MILLIS = 7000;
}
