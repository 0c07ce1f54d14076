package org.luaj.vm2;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

/**
 * LuaJ's debug call frames (DebugLib's call stack of a Lua thread): each call's function, registers and
 * varargs. LuaJ keeps them in fields it does not publish, so they are read by reflection, in this one
 * place; a LuaJ without those fields gives no frames (error messages then name no variables, and
 * max_heap_size counts no call stacks). Used for error messages ({@link RuntimeMessages}) and for the
 * memory a process holds (jnode's LuaHeapSize).
 */
public final class LuanodeCallFrames {
    /** One call: its function, its registers (locals and temporaries), its extra arguments. */
    public record Frame(LuaValue function, LuaValue[] registers, Varargs varargs) {}

    private static final Class<?> CALL_STACK = LuajFields.type("org.luaj.vm2.lib.DebugLib$CallStack");
    private static final Class<?> CALL_FRAME = LuajFields.type("org.luaj.vm2.lib.DebugLib$CallFrame");
    private static final Field FRAMES = LuajFields.field(CALL_STACK, "frame");
    private static final Field CALLS = LuajFields.field(CALL_STACK, "calls");
    private static final Field FUNCTION = LuajFields.field(CALL_FRAME, "f");
    private static final Field REGISTERS = LuajFields.field(CALL_FRAME, "stack");
    private static final Field VARARGS = LuajFields.field(CALL_FRAME, "v");

    private LuanodeCallFrames() {}

    /** The calls on a thread's debug call stack (a {@link LuaThread#callstack}), outermost first. */
    public static List<Frame> of(Object callstack) {
        List<Frame> out = new ArrayList<>();
        if (callstack == null || !CALL_STACK.isInstance(callstack) || FRAMES == null || CALLS == null) return out;
        try {
            Object[] frames = (Object[]) FRAMES.get(callstack);
            int calls = Math.min(CALLS.getInt(callstack), frames == null ? 0 : frames.length);
            for (int i = 0; i < calls; i++) {
                Object f = frames[i];
                if (f == null) continue;
                out.add(new Frame(
                        (LuaValue) LuajFields.read(FUNCTION, f), (LuaValue[]) LuajFields.read(REGISTERS, f), (Varargs)
                                LuajFields.read(VARARGS, f)));
            }
        } catch (IllegalAccessException | RuntimeException e) {
            // a LuaJ that keeps them otherwise: no frames
        }
        return out;
    }

    /** The registers of the innermost call when it runs {@code closure}; null otherwise. */
    static LuaValue[] innermostRegisters(Object callstack, LuaClosure closure) {
        List<Frame> frames = of(callstack);
        if (frames.isEmpty()) return null;
        Frame top = frames.get(frames.size() - 1);
        return top.function() == closure ? top.registers() : null;
    }
}
