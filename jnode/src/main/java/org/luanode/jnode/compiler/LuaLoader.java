package org.luanode.jnode.compiler;

import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.luajc.JavaGen;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns compiled chunks (LuaJ prototypes) into functions: JVM classes made by LuaJ's luajc and woven by
 * {@link Weaver} (preemption ticks, error positions), or LuaJ's interpreter where compiling would lose
 * something:
 *
 * <ul>
 *   <li>a chunk that uses the debug library's view of functions and frames (hooks, locals, upvalues,
 *       {@code getinfo}), {@code string.dump}, or environments ({@code setfenv}, {@code getfenv},
 *       {@code module}): compiled functions have no interpreter frames, bytecode or upvalue slots;
 *   <li>a chunk luajc cannot compile (a function too large for one JVM method, for instance);
 *   <li>a small chunk loaded from a string ({@code load}, {@code loadstring}: fewer than
 *       {@value #SMALL_STRING_CHUNK} instructions): compiling takes a millisecond or more, interpreting
 *       a one-liner costs less than that, and programs that load many of them would pay it each time.
 * </ul>
 *
 * {@code -Dluanode.lua=interp} runs every chunk on the interpreter; {@code compiled}, the default,
 * compiles what it can. The choice is made per chunk; {@link #modeOf} reports it for a function.
 */
public final class LuaLoader implements Globals.Loader {
    private static final Logger log = LoggerFactory.getLogger("luanode.compiler");

    public enum Mode {
        COMPILED,
        INTERPRETED;

        /** The mode -Dluanode.lua asks for (compiled when unset). */
        public static Mode configured() {
            String v = System.getProperty("luanode.lua", "compiled").toLowerCase(Locale.ROOT);
            return switch (v) {
                case "compiled" -> COMPILED;
                case "interp", "interpreted", "interpreter" -> INTERPRETED;
                default -> throw new IllegalArgumentException("-Dluanode.lua is compiled or interp, not " + v);
            };
        }

        public String label() {
            return this == COMPILED ? "compiled" : "interp";
        }
    }

    /**
     * Names whose use sends a chunk to the interpreter: what reads or changes a function's frames,
     * upvalues, bytecode or environment, which compiled functions do not have.
     */
    private static final Set<String> NEEDS_INTERPRETER = Set.of(
            "sethook",
            "gethook",
            "getinfo",
            "getlocal",
            "setlocal",
            "getupvalue",
            "setupvalue",
            "upvalueid",
            "upvaluejoin",
            "dump",
            "setfenv",
            "getfenv",
            "module");

    static final int SMALL_STRING_CHUNK = 300;
    /** Chunks of the program itself that are not files: {@code jnode -e}, standard input, the prompt. */
    private static final Set<String> PROGRAM_TEXT = Set.of("=(command line)", "=stdin", "=(warm-up)");

    private final Globals globals;
    private final Mode mode;
    private final java.util.concurrent.atomic.AtomicLong chunks = new java.util.concurrent.atomic.AtomicLong();

    public LuaLoader(Globals globals, Mode mode) {
        this.globals = globals;
        this.mode = mode;
        if (mode == Mode.COMPILED && WARMING_UP.compareAndSet(false, true)) {
            Thread.ofPlatform().name("luajc-warm-up").daemon().start(LuaLoader::warmUp);
        }
    }

    private static final java.util.concurrent.atomic.AtomicBoolean WARMING_UP =
            new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Run once per JVM beside the node's start: compiles a chunk that raises an error and runs it, in a
     * Lua state of its own. That loads BCEL's and ASM's classes while the main thread does other work
     * (0.2 s of a cold start), and links the call sites of error placing, which, linked first in a
     * "stack overflow" with no stack left, would fail for good.
     */
    private static void warmUp() {
        try {
            Globals g = new Globals();
            g.load(new org.luaj.vm2.lib.BaseLib());
            org.luaj.vm2.LoadState.install(g);
            org.luaj.vm2.compiler.LuaC.install(g);
            LuaFunction f = new LuaLoader(g, Mode.COMPILED)
                    .compile(g.compilePrototype(new java.io.StringReader(WARM_UP), "=(warm-up)"), "=(warm-up)", g);
            f.call();
        } catch (RuntimeException | java.io.IOException | LinkageError e) {
            log.debug("compiler warm-up failed", e);
        }
    }

    private static final String WARM_UP = "return pcall(function() local t return t.x end)";

    public Mode mode() {
        return mode;
    }

    /** How a function runs: compiled, or on the interpreter. */
    public static Mode modeOf(LuaValue f) {
        return f.getClass().getClassLoader() instanceof ChunkClassLoader ? Mode.COMPILED : Mode.INTERPRETED;
    }

    /** The prototype a compiled function was made from (where it is defined); null for other values. */
    public static Prototype prototypeOf(LuaValue f) {
        return f.getClass().getClassLoader() instanceof ChunkClassLoader loader ? loader.prototype(f.getClass()) : null;
    }

    @Override
    public LuaFunction load(Prototype p, String chunkName, LuaValue env) {
        if (mode == Mode.COMPILED) {
            String reason = interpreterReason(p);
            boolean fromString = !chunkName.startsWith("@") && !PROGRAM_TEXT.contains(chunkName);
            if (reason == null && fromString && instructions(p) < SMALL_STRING_CHUNK)
                reason = "a small chunk from a string";
            if (reason == null) {
                try {
                    return compile(p, chunkName, env);
                } catch (RuntimeException | LinkageError e) {
                    reason = "luajc cannot compile it (" + e + ")";
                }
            }
            log.debug("{} runs on the interpreter: {}", p.shortsource(), reason);
        }
        return new LuaClosure(p, env);
    }

    private LuaFunction compile(Prototype p, String chunkName, LuaValue env) {
        String mainClass = "lua$" + javaName(chunkName) + "$" + chunks.incrementAndGet();
        JavaGen gen;
        Map<Prototype, int[]> realLines = new IdentityHashMap<>();
        numberInstructions(p, realLines);
        try {
            gen = new JavaGen(p, mainClass, p.shortsource(), false);
        } finally {
            realLines.forEach((q, lines) -> q.lineinfo = lines);
        }
        ChunkClassLoader loader = new ChunkClassLoader(globals, mainClass);
        add(loader, gen, p);
        try {
            // every class now, verified and initialized: a class the JVM refuses (a method too large,
            // say) sends the chunk to the interpreter here rather than failing later in running code
            for (String name : loader.classNames()) Class.forName(name, true, loader);
            LuaFunction f = (LuaFunction)
                    loader.loadClass(mainClass).getDeclaredConstructor().newInstance();
            f.initupvalue1(env);
            return f;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("compiled chunk " + mainClass + " does not load: " + e, e);
        }
    }

    /**
     * Gives every instruction of {@code p} and its inner functions its own "line", its index + 1, so
     * that luajc marks where each instruction's code begins (it marks lines); keeps the real lines.
     */
    private static void numberInstructions(Prototype p, Map<Prototype, int[]> realLines) {
        realLines.put(p, p.lineinfo);
        int[] byPc = new int[p.code.length];
        for (int pc = 0; pc < byPc.length; pc++) byPc[pc] = pc + 1;
        p.lineinfo = byPc;
        for (Prototype inner : p.p) numberInstructions(inner, realLines);
    }

    private static void add(ChunkClassLoader loader, JavaGen gen, Prototype p) {
        loader.add(gen.classname, Weaver.weave(gen.bytecode, p.lineinfo == null ? new int[0] : p.lineinfo), p);
        for (int i = 0; gen.inners != null && i < gen.inners.length; i++) add(loader, gen.inners[i], p.p[i]);
    }

    private static int instructions(Prototype p) {
        int n = p.code.length;
        for (Prototype inner : p.p) n += instructions(inner);
        return n;
    }

    /** Why the chunk must run on the interpreter, or null. */
    private static String interpreterReason(Prototype p) {
        for (LuaValue k : p.k) {
            if (k instanceof LuaString s && s.length() <= 11) {
                // the bytes as Latin-1: any constant, where LuaJ's UTF-8 decoding (tojstring) fails on
                // some invalid sequences ("\128\255\97\97" threw ArrayIndexOutOfBoundsException)
                String name = new String(s.m_bytes, s.m_offset, s.m_length, StandardCharsets.ISO_8859_1);
                if (NEEDS_INTERPRETER.contains(name)) return "it uses '" + name + "'";
            }
        }
        for (Prototype inner : p.p) {
            String r = interpreterReason(inner);
            if (r != null) return r;
        }
        return null;
    }

    private static String javaName(String chunkName) {
        StringBuilder b = new StringBuilder();
        String stub = chunkName.startsWith("@") || chunkName.startsWith("=") ? chunkName.substring(1) : chunkName;
        int slash = stub.lastIndexOf('/');
        if (slash >= 0) stub = stub.substring(slash + 1);
        if (stub.endsWith(".lua")) stub = stub.substring(0, stub.length() - 4);
        for (int i = 0; i < stub.length() && b.length() < 40; i++) {
            char c = stub.charAt(i);
            b.append(Character.isJavaIdentifierPart(c) && c != '$' ? c : '_');
        }
        return b.toString();
    }
}
