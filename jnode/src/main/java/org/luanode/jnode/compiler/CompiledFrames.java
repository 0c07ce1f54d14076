package org.luanode.jnode.compiler;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What compiled Lua code holds: its registers are JVM locals, which no LuaJ structure shows, so the
 * memory a process holds (max_heap_size) is read from the JVM stack itself, through the JDK's
 * {@code java.lang.LiveStackFrame} (an internal API: the JVM must open {@code java.lang} to luanode,
 * as bin/jnode's jar manifest does). Without it, compiled frames count for nothing.
 */
public final class CompiledFrames {
    private static final Logger log = LoggerFactory.getLogger("luanode.compiler");
    private static final StackWalker LIVE;
    private static final Method LOCALS;

    static {
        StackWalker walker = null;
        Method locals = null;
        try {
            Class<?> live = Class.forName("java.lang.LiveStackFrame");
            Method get = live.getDeclaredMethod("getStackWalker", Set.class);
            get.setAccessible(true);
            walker = (StackWalker) get.invoke(null, Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE));
            locals = live.getDeclaredMethod("getLocals");
            locals.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn(
                    "max_heap_size cannot see compiled Lua frames (start the JVM with --add-opens"
                            + " java.base/java.lang=ALL-UNNAMED): {}",
                    e.toString());
            walker = null;
        }
        LIVE = walker;
        LOCALS = locals;
    }

    private CompiledFrames() {}

    /** The Lua values in the locals of the frames on the calling thread's stack (a process's own). */
    public static List<Object> liveValues() {
        List<Object> out = new ArrayList<>();
        if (LIVE == null) return out;
        LIVE.forEach(frame -> {
            Object[] locals;
            try {
                locals = (Object[]) LOCALS.invoke(frame);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return;
            }
            for (Object o : locals) {
                if (o instanceof LuaValue || o instanceof Varargs || o instanceof LuaValue[]) out.add(o);
            }
        });
        return out;
    }

    /** The values a compiled function holds in its upvalue fields (plain values, or shared cells). */
    public static List<Object> upvalues(LuaFunction f) {
        List<Object> out = new ArrayList<>();
        if (!(f.getClass().getClassLoader() instanceof ChunkClassLoader)) return out;
        for (Field field : f.getClass().getDeclaredFields()) {
            if (java.lang.reflect.Modifier.isStatic(field.getModifiers())) continue;
            try {
                field.setAccessible(true);
                out.add(field.get(f));
            } catch (ReflectiveOperationException | RuntimeException e) {
                // an upvalue not readable: not counted
            }
        }
        return out;
    }
}
