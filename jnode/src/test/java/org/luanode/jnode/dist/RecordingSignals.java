package org.luanode.jnode.dist;

import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangPid;
import com.ericsson.otp.erlang.OtpErlangRef;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.luanode.bridge.TermCodec;
import org.luanode.jnode.process.NodeSignals;

/**
 * A fake process model for the distribution layer: records every signal the network delivers as a
 * line of text, and answers as told (which pids and names exist, what a spawn request gets).
 */
class RecordingSignals implements NodeSignals {
    final BlockingQueue<String> calls = new LinkedBlockingQueue<>();
    final List<OtpErlangPid> existing = new CopyOnWriteArrayList<>();
    final List<String> names = new CopyOnWriteArrayList<>();
    volatile OtpErlangObject spawnResult;

    /** The next call, or a failure after 5 s without one. */
    String next() throws InterruptedException {
        String call = calls.poll(5, TimeUnit.SECONDS);
        if (call == null) throw new AssertionError("no signal arrived");
        return call;
    }

    private void record(String call) {
        calls.add(call);
    }

    @Override
    public void send(OtpErlangPid to, byte[] packet, int offset) {
        record("send " + to + " " + TermCodec.decodeAt(packet, offset).term());
    }

    @Override
    public boolean sendByName(String name, byte[] packet, int offset) {
        if (!names.contains(name)) return false;
        record("send " + name + " " + TermCodec.decodeAt(packet, offset).term());
        return true;
    }

    @Override
    public void sendToAlias(OtpErlangRef alias, byte[] packet, int offset) {
        record("alias " + alias + " " + TermCodec.decodeAt(packet, offset).term());
    }

    @Override
    public boolean link(OtpErlangPid from, OtpErlangPid to) {
        record("link " + from + " " + to);
        return existing.contains(to);
    }

    @Override
    public void unlink(OtpErlangPid from, OtpErlangPid to) {
        record("unlink " + from + " " + to);
    }

    @Override
    public void exit(OtpErlangPid from, OtpErlangPid to, OtpErlangObject reason, boolean viaLink) {
        record((viaLink ? "exit " : "exit2 ") + from + " " + to + " " + reason);
    }

    @Override
    public boolean monitor(OtpErlangPid watcher, OtpErlangObject target, OtpErlangRef ref) {
        record("monitor " + watcher + " " + target);
        return target instanceof OtpErlangPid p ? existing.contains(p) : names.contains(target.toString());
    }

    @Override
    public void demonitor(OtpErlangPid watcher, OtpErlangObject target, OtpErlangRef ref) {
        record("demonitor " + watcher + " " + target);
    }

    @Override
    public void down(OtpErlangObject target, OtpErlangPid watcher, OtpErlangRef ref, OtpErlangObject reason) {
        record("down " + target + " " + watcher + " " + reason);
    }

    @Override
    public void spawnRequest(SpawnRequest request, Consumer<OtpErlangObject> reply) {
        record("spawn " + request.module() + ":" + request.function() + request.args() + " link=" + request.link()
                + " monitor=" + request.monitor());
        reply.accept(spawnResult);
    }

    @Override
    public void nodeUp(String node, boolean visible) {
        record("nodeup " + node + (visible ? "" : " (hidden)"));
    }

    @Override
    public void nodeDown(String node, boolean visible) {
        record("nodedown " + node + (visible ? "" : " (hidden)"));
    }
}
