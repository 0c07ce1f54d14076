package org.luanode.jnode.runtime;

import java.lang.reflect.Field;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.LuajFields;
import org.luaj.vm2.LuanodeCallFrames;
import org.luaj.vm2.UpValue;
import org.luaj.vm2.Varargs;
import org.luanode.jnode.compiler.CompiledFrames;
import org.luanode.jnode.compiler.LuaLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The memory a Lua process holds, estimated by walking what it can reach: the values on its call stacks
 * (LuaJ's debug call frames, its own and its coroutines'), what closures hold in upvalues, tables
 * (their slots and contents, their metatables), strings, and the messages in its mailbox. The shared
 * state is not the process's: the globals table and the libraries in it stop the walk. Sizes are those
 * of the JVM objects (compressed references), close to what a heap dump shows.
 *
 * <p>LuaJ keeps table slots in fields it does not publish; they are read by reflection (call frames through
 * {@link LuanodeCallFrames}), and if a LuaJ version lacked them, the walk would count less (it never fails).
 */
final class LuaHeapSize {
    private static final Logger log = LoggerFactory.getLogger("luanode.process");
    private static final Field TABLE_ARRAY = field(LuaTable.class, "array");
    private static final Field TABLE_HASH = field(LuaTable.class, "hash");
    private static final Field TABLE_METATABLE = field(LuaTable.class, "m_metatable");

    private static final long HEADER = 16;
    private static final long REFERENCE = 4;
    /** A table's hash slot: LuaJ's node object with its key and value references. */
    private static final long SLOT = 32;

    private final Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    private final ArrayDeque<Object> pending = new ArrayDeque<>();
    private long bytes;

    private LuaHeapSize(Globals globals) {
        // The shared state: the globals and the libraries (string, table, concurrent, ...) in them.
        seen.add(globals);
        for (Varargs kv = globals.next(LuaValue.NIL); !kv.arg1().isnil(); kv = globals.next(kv.arg1())) {
            if (kv.arg(2).istable()) seen.add(kv.arg(2));
        }
        LuaValue loaded = globals.get("package").get("loaded");
        if (loaded.istable()) {
            seen.add(loaded);
            for (Varargs kv = loaded.next(LuaValue.NIL); !kv.arg1().isnil(); kv = loaded.next(kv.arg1()))
                seen.add(kv.arg(2));
        }
    }

    /** Bytes reachable from {@code roots} (Lua values, Lua threads, varargs, messages) and not shared. */
    static long of(Globals globals, Object... roots) {
        LuaHeapSize walk = new LuaHeapSize(globals);
        for (Object root : roots) walk.add(root);
        walk.run();
        return walk.bytes;
    }

    private void add(Object o) {
        if (o == null || o == LuaValue.NIL || o instanceof Boolean) return;
        if (o instanceof LuaValue v && (v.isboolean() || v.isnil())) return;
        if (seen.add(o)) pending.add(o);
    }

    private void run() {
        Object o;
        while ((o = pending.poll()) != null) visit(o);
    }

    private void visit(Object o) {
        switch (o) {
            case LuaString s -> bytes += HEADER + 16 + align(HEADER + s.m_length);
            case LuaTable t -> table(t);
            case LuaClosure c -> {
                bytes += HEADER + 8 + array(c.upValues == null ? 0 : c.upValues.length);
                if (c.upValues != null)
                    for (UpValue u : c.upValues) {
                        if (u == null) continue;
                        bytes += HEADER + 8;
                        add(u.getValue());
                    }
            }
            case LuaFunction f
            when LuaLoader.modeOf(f) == LuaLoader.Mode.COMPILED -> {
                bytes += HEADER + 8;
                for (Object u : CompiledFrames.upvalues(f)) {
                    if (u instanceof LuaValue[] cell) bytes += array(cell.length);
                    add(u instanceof LuaValue[] cell ? (Object) cell : u);
                }
            }
            case LuaThread t -> {
                bytes += 64;
                callStack(t.callstack);
            }
            case LuaUserdata u -> {
                bytes += HEADER + 8;
                add(u.m_metatable);
                if (u.m_instance instanceof byte[] b) bytes += align(HEADER + b.length);
            }
            case LuaValue v -> bytes += HEADER + 8; // numbers, Java functions
            case Varargs v -> {
                bytes += HEADER + 8;
                for (int i = 1; i <= v.narg(); i++) add(v.arg(i));
            }
            case Object[] values -> {
                bytes += array(values.length);
                for (Object e : values) add(e);
            }
            default -> bytes += HEADER + 8; // a signal or term of the process model
        }
    }

    private void table(LuaTable t) {
        bytes += HEADER + 24;
        LuaValue[] array = (LuaValue[]) LuajFields.read(TABLE_ARRAY, t);
        Object[] hash = (Object[]) LuajFields.read(TABLE_HASH, t);
        if (array != null) bytes += array(array.length);
        if (hash != null) bytes += array(hash.length);
        for (Varargs kv = t.next(LuaValue.NIL); !kv.arg1().isnil(); kv = t.next(kv.arg1())) {
            LuaValue key = kv.arg1();
            if (!key.isint() || array == null || key.toint() < 1 || key.toint() > array.length) bytes += SLOT;
            add(key);
            add(kv.arg(2));
        }
        add(LuajFields.read(TABLE_METATABLE, t) instanceof LuaValue mt ? mt : t.getmetatable());
    }

    /** The calls on a Lua thread's debug call stack: each one's function, registers and varargs. */
    private void callStack(Object stack) {
        for (LuanodeCallFrames.Frame frame : LuanodeCallFrames.of(stack)) {
            bytes += HEADER + 32 + REFERENCE;
            add(frame.function());
            add(frame.varargs());
            if (frame.registers() != null) {
                bytes += array(frame.registers().length);
                for (LuaValue v : frame.registers()) add(v);
            }
        }
    }

    private static long array(int length) {
        return align(HEADER + REFERENCE * (long) length);
    }

    private static long align(long n) {
        return (n + 7) & ~7L;
    }

    private static Field field(Class<?> owner, String name) {
        Field f = LuajFields.field(owner, name);
        if (f == null) log.warn("max_heap_size: LuaJ's {} has no field {}; it is not counted", owner.getName(), name);
        return f;
    }
}
