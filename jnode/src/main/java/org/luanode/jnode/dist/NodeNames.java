package org.luanode.jnode.dist;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Node names as erl forms them: {@code alive@host}, with short (-sname) or long (-name) host names. */
public final class NodeNames {
    private NodeNames() {}

    /** The full name for a name given with or without a host. */
    public static String full(String name, boolean shortNames) {
        if (name.contains("@")) return name;
        return name + "@" + localHost(shortNames);
    }

    public static String alive(String nodeName) {
        int at = nodeName.indexOf('@');
        return at < 0 ? nodeName : nodeName.substring(0, at);
    }

    public static String host(String nodeName) {
        int at = nodeName.indexOf('@');
        if (at < 0) throw new IllegalArgumentException("not a node name (alive@host): " + nodeName);
        return nodeName.substring(at + 1);
    }

    /** This host as erl names it: the first label with -sname, the fully qualified name with -name. */
    public static String localHost(boolean shortNames) {
        String host;
        try {
            host = shortNames
                    ? InetAddress.getLocalHost().getHostName()
                    : InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        if (shortNames) {
            int dot = host.indexOf('.');
            if (dot > 0) host = host.substring(0, dot);
        }
        return host;
    }

    public static void validate(String nodeName) {
        int at = nodeName.indexOf('@');
        if (at <= 0 || at == nodeName.length() - 1 || nodeName.indexOf('@', at + 1) >= 0) {
            throw new IllegalArgumentException("not a node name (alive@host): '" + nodeName + "'");
        }
        if (!alive(nodeName).matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException(
                    "node name '" + alive(nodeName) + "' may hold only letters, digits, '_' and '-'");
        }
    }
}
