package org.luanode.jnode.dist;

/** Distribution capability flags (erts' erl_dist_protocol, "Distribution Flags"). */
final class DistFlags {
    private DistFlags() {}

    static final long PUBLISHED = 0x1;
    static final long EXTENDED_REFERENCES = 0x4;
    static final long DIST_MONITOR = 0x8;
    static final long FUN_TAGS = 0x10;
    static final long DIST_MONITOR_NAME = 0x20;
    static final long NEW_FUN_TAGS = 0x80;
    static final long EXTENDED_PIDS_PORTS = 0x100;
    static final long EXPORT_PTR_TAG = 0x200;
    static final long BIT_BINARIES = 0x400;
    static final long NEW_FLOATS = 0x800;
    static final long SMALL_ATOM_TAGS = 0x4000;
    static final long UTF8_ATOMS = 0x10000;
    static final long MAP_TAG = 0x20000;
    static final long BIG_CREATION = 0x40000;
    static final long HANDSHAKE_23 = 0x1000000;
    static final long UNLINK_ID = 0x2000000;
    static final long MANDATORY_25_DIGEST = 1L << 36;
    static final long SPAWN = 1L << 32;
    static final long NAME_ME = 1L << 33;
    static final long V4_NC = 1L << 34;
    static final long ALIAS = 1L << 35;

    /** What OTP 25 refuses to connect without (and OTP 26 adds V4_NC and UNLINK_ID). */
    static final long MANDATORY = EXTENDED_REFERENCES
            | FUN_TAGS
            | EXTENDED_PIDS_PORTS
            | UTF8_ATOMS
            | NEW_FUN_TAGS
            | BIG_CREATION
            | NEW_FLOATS
            | MAP_TAG
            | EXPORT_PTR_TAG
            | BIT_BINARIES
            | HANDSHAKE_23;

    /**
     * What this node offers: the mandatory set, monitors (which JInterface lacks), the new unlink
     * protocol, spawn requests, and version-4 node containers. Published, so BEAM lists it in nodes().
     * No atom cache and no fragments: every message is a plain pass-through of two terms.
     */
    static final long OURS = MANDATORY
            | PUBLISHED
            | DIST_MONITOR
            | DIST_MONITOR_NAME
            | SMALL_ATOM_TAGS
            | UNLINK_ID
            | SPAWN
            | V4_NC
            | ALIAS
            | MANDATORY_25_DIGEST;
}
