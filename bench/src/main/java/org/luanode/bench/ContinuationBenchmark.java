package org.luanode.bench;

import java.util.concurrent.TimeUnit;
import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What the JDK charges for a process switch, the floor under luanode's local messaging: a luanode
 * process is a continuation, and a process that waits in receive yields it and is run again when a
 * message comes. One operation is one run of a continuation up to its next yield, made {@code depth}
 * calls below the continuation's own loop (the freeze copies those frames off the thread's stack, the
 * thaw copies them back). In luanode, {@code concurrent.receive} yields about 6 calls below the Lua
 * code that called it; a local ping-pong round trip is two such switches.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED"})
public class ContinuationBenchmark {
    private static final ContinuationScope SCOPE = new ContinuationScope("bench");

    @Param({"0", "6", "12"})
    public int depth;

    private Continuation process;

    @Setup
    public void setup() {
        int d = depth;
        process = new Continuation(SCOPE, () -> {
            while (true) waitBelow(d);
        });
    }

    private static void waitBelow(int calls) {
        if (calls == 0) Continuation.yield(SCOPE);
        else waitBelow(calls - 1);
    }

    @Benchmark
    public void switchOutAndBack() {
        process.run();
    }
}
