package org.luanode.jnode.process;

import com.ericsson.otp.erlang.OtpErlangPid;
import com.ericsson.otp.erlang.OtpErlangRef;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The identity of one node: its name ({@code nonode@nohost} until it becomes distributed, as in Erlang),
 * its creation, and the counters that make its pids and refs unique. Each node has its own; nothing
 * about a node's identity is static, so several nodes can live in one JVM.
 */
public final class LocalNode {
    public static final String UNDISTRIBUTED = "nonode@nohost";

    private volatile String name = UNDISTRIBUTED;
    private volatile int creation = 0;
    private final AtomicInteger nextProcess = new AtomicInteger(1);
    private final AtomicLong nextRef = new AtomicLong(1);

    public String name() {
        return name;
    }

    public int creation() {
        return creation;
    }

    public boolean isDistributed() {
        return !UNDISTRIBUTED.equals(name);
    }

    /** Renames the node (distribution started or stopped); pids are shown with the new name from now on. */
    public void rename(String newName, int newCreation) {
        name = newName;
        creation = newCreation;
    }

    /** A fresh process number: 15 bits of id and 13 of serial, Erlang's 28-bit pid layout. */
    int newProcessNumber() {
        return nextProcess.getAndIncrement() & 0x0fffffff;
    }

    OtpErlangPid pid(int number) {
        return new OtpErlangPid(name, number & 0x7fff, number >>> 15, creation);
    }

    /** The pid the node itself uses in calls it makes (no process has number 0). */
    public OtpErlangPid systemPid() {
        return pid(0);
    }

    /** The process number of a pid of this node, or -1 for another node's pid. */
    int numberOf(OtpErlangPid pid) {
        if (!pid.node().equals(name) && !pid.node().equals(UNDISTRIBUTED)) return -1;
        return (pid.id() & 0x7fff) | (pid.serial() << 15);
    }

    /** Whether a pid belongs to another node. */
    public boolean isRemote(OtpErlangPid pid) {
        return numberOf(pid) < 0;
    }

    public OtpErlangRef newRef() {
        long n = nextRef.getAndIncrement();
        return new OtpErlangRef(name, new int[] {(int) (n & 0x3ffff), (int) (n >>> 18), 0}, creation);
    }
}
