package org.luanode.jnode.dist;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * How this node's distribution travels, named as erl's {@code -proto_dist}: inet_tcp (the default),
 * inet6_tcp (IPv6), inet_tls and inet6_tls (TLS, configured by {@code -ssl_dist_optfile}). Read from
 * -Dluanode.dist.proto and -Dluanode.dist.ssl_optfile, which {@code jnode -proto_dist} and
 * {@code -ssl_dist_optfile} set. A node speaks one of them, as a BEAM node does: peers of a cluster
 * must agree.
 */
record ProtoDist(String name, boolean ipv6, TlsSettings tls) {
    static final ProtoDist INET_TCP = new ProtoDist("inet_tcp", false, null);

    static ProtoDist fromProperties() throws IOException {
        String name = System.getProperty("luanode.dist.proto", "inet_tcp");
        String optfile = System.getProperty("luanode.dist.ssl_optfile");
        boolean ipv6 = name.startsWith("inet6_");
        return switch (name) {
            case "inet_tcp", "inet6_tcp" -> new ProtoDist(name, ipv6, null);
            case "inet_tls", "inet6_tls" -> {
                if (optfile == null) throw new IOException(name + " needs -ssl_dist_optfile FILE");
                yield new ProtoDist(name, ipv6, TlsSettings.fromFile(Path.of(optfile)));
            }
            default ->
                throw new IOException("unknown -proto_dist " + name + " (inet_tcp, inet6_tcp, inet_tls, inet6_tls)");
        };
    }

    /** A connection we opened to {@code host}, ready for the distribution handshake (TLS done). */
    Wire client(SocketChannel socket, String host, int port) throws IOException {
        return tls == null ? new PlainWire(socket) : TlsWire.handshake(socket, tls.clientEngine(host, port));
    }

    /** A connection a peer opened to us, ready for the distribution handshake (TLS done). */
    Wire server(SocketChannel socket) throws IOException {
        return tls == null ? new PlainWire(socket) : TlsWire.handshake(socket, tls.serverEngine());
    }

    /**
     * The address of a peer's host in this protocol's family. As the C library does for IPv6, a host
     * that only has the IPv4 loopback address is reached at the IPv6 one.
     */
    InetAddress resolve(String host) throws UnknownHostException {
        InetAddress[] all = InetAddress.getAllByName(host);
        Class<? extends InetAddress> family = ipv6 ? Inet6Address.class : Inet4Address.class;
        for (InetAddress a : all) if (family.isInstance(a)) return a;
        if (ipv6 && Arrays.stream(all).anyMatch(InetAddress::isLoopbackAddress)) return InetAddress.getByName("::1");
        throw new UnknownHostException(
                host + " has no " + (ipv6 ? "IPv6" : "IPv4") + " address (-proto_dist " + name + ")");
    }
}
