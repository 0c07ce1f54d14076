package org.luanode.jnode.process;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangPid;
import com.ericsson.otp.erlang.OtpErlangTuple;
import java.util.ArrayList;
import java.util.List;

/**
 * What erlang:process_info/1,2 tells of a process, taken at one moment under the scheduler lock.
 *
 * @param status running, runnable, waiting or exiting, as BEAM names them
 * @param monitors what the process monitors, as process_info lists them: {process, Pid}, or {process,
 *     {Name, Node}} for a monitor by name
 * @param monitoredBy the processes that monitor it
 */
public record ProcessInfo(
        OtpErlangPid pid,
        String registeredName,
        String status,
        int messageQueueLength,
        List<OtpErlangPid> links,
        List<OtpErlangObject> monitors,
        List<OtpErlangPid> monitoredBy,
        boolean trapExit,
        boolean system) {

    /** Lock held. */
    static ProcessInfo ofLocked(ErlangProcess p) {
        String status = switch (p.state) {
            case RUNNING -> "running";
            case RUNNABLE -> "runnable";
            case WAITING -> "waiting";
            case DEAD -> "exiting";
        };
        Relations r = p.relations;
        List<OtpErlangPid> links = r == null ? List.of() : List.copyOf(r.links);
        List<OtpErlangObject> monitors = new ArrayList<>();
        List<OtpErlangPid> monitoredBy = new ArrayList<>();
        if (r != null) {
            for (Monitors.Monitor m : r.watching.values()) {
                OtpErlangObject target = m.target() instanceof OtpErlangAtom name
                        ? new OtpErlangTuple(new OtpErlangObject[] {
                            name,
                            new OtpErlangAtom(
                                    m.remoteNode() != null
                                            ? m.remoteNode()
                                            : p.pid().node())
                        })
                        : m.target();
                monitors.add(new OtpErlangTuple(new OtpErlangObject[] {new OtpErlangAtom("process"), target}));
            }
            r.watchedBy.values().forEach(m -> monitoredBy.add(m.watcher()));
        }
        return new ProcessInfo(
                p.pid(),
                p.registeredName,
                status,
                p.mailbox.size(),
                links,
                monitors,
                monitoredBy,
                p.trapsExits(),
                p.isSystem());
    }
}
