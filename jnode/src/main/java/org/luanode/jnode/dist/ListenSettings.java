package org.luanode.jnode.dist;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;

/**
 * Where the node listens for other nodes, with erl's kernel parameters: {@code inet_dist_use_interface}
 * (an address; default all), {@code inet_dist_listen_min} and {@code inet_dist_listen_max} (a port
 * range; default any free port). Read from -Dluanode.dist.use_interface, -Dluanode.dist.listen_min and
 * -Dluanode.dist.listen_max, which {@code jnode -kernel inet_dist_... Value} sets.
 */
record ListenSettings(InetAddress address, int min, int max) {
    static final int BACKLOG = 128;

    static ListenSettings fromProperties() throws UnknownHostException {
        String iface = System.getProperty("luanode.dist.use_interface");
        int min = Integer.getInteger("luanode.dist.listen_min", 0);
        int max = Integer.getInteger("luanode.dist.listen_max", min);
        return new ListenSettings(iface == null ? null : InetAddress.getByName(iface), min, Math.max(min, max));
    }

    /** A listening channel on the address and the first free port of the range. */
    ServerSocketChannel open() throws IOException {
        for (int port = min; port <= max; port++) {
            ServerSocketChannel channel = ServerSocketChannel.open();
            channel.socket().setReuseAddress(true);
            try {
                channel.bind(
                        address == null ? new InetSocketAddress(port) : new InetSocketAddress(address, port), BACKLOG);
                return channel;
            } catch (BindException e) {
                channel.close();
                if (min == 0) throw e;
            }
        }
        throw new BindException("no free port in " + min + ".." + max + " (inet_dist_listen_min/max)"
                + (address == null ? "" : " on " + address.getHostAddress()));
    }
}
