/**
 * Lua values and Erlang terms, both ways, by the mapping in {@code docs/terms.md}: {@code TermBridge}
 * (Lua values and JInterface terms), {@code LuaTermDecoder} (external format straight into Lua values),
 * {@code TermCodec} (term_to_binary and binary_to_term), the checks that refuse malformed bytes before
 * decoding ({@code ExternalFormatScanner}), and the {@code erlang} Lua module. Stateless and
 * thread-safe, except that the node whose pids print as {@code <0.N.S>} is bound per thread.
 */
package org.luanode.bridge;
