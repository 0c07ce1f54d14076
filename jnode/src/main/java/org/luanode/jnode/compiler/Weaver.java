package org.luanode.jnode.compiler;

import java.util.HashSet;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Adds to a class luajc made for a Lua function what luanode's processes need of it:
 *
 * <ul>
 *   <li>a preemption tick ({@code Preemption.tick()}) at the entry of the function's body and before
 *       every backward jump (each loop iteration), so compiled code gives up its time slice as the
 *       interpreter does;
 *   <li>table reads and writes ({@code LuaValue.get(LuaValue)}, {@code set(LuaValue, LuaValue)}) go to
 *       {@code CompiledTableAccess}, which reads plain tables without LuaJ's chain of virtual calls;
 *   <li>string constants are made by {@link ConstantStrings}, shared by every compiled class;
 *   <li>{@code return f(...)} calls {@code LuanodeTailCalls.tailcall}, which runs a library function in
 *       this frame as C Lua does (its error gets this function's position), and the class implements
 *       {@code LuanodeTailCalls.CompiledFunction}, so a tail call into it stays a tail call;
 *   <li>the current Lua instruction in a local variable, and a handler around the body that hands a Lua
 *       error (or a Java exception, which becomes one) passing through to {@link CompiledErrors#unwinding}
 *       with that instruction: the error gets its {@code chunk:line:} position and C Lua's wording
 *       (which names the variable involved), error levels count this function, xpcall's handler runs
 *       where the error happened.
 * </ul>
 *
 * luajc writes a Lua line number where each Lua instruction's code begins; {@link LuaLoader} has it
 * write the instruction's index instead ({@code pc + 1}), which is turned here into that store, and
 * the line table gets the real Lua lines back.
 *
 * luajc's classes are version 45 (no stack map frames); they are written as version 49 so that the
 * handler can load its own class as a constant, which still needs no frames.
 */
final class Weaver {
    private static final String TICK_OWNER = "org/luanode/jnode/process/Preemption";
    private static final String ERRORS = Type.getInternalName(CompiledErrors.class);
    private static final String LUA_ERROR = "org/luaj/vm2/LuaError";
    private static final String VALUE = "org/luaj/vm2/LuaValue";
    private static final String TABLE_ACCESS = "org/luaj/vm2/CompiledTableAccess";
    private static final String CONSTANT_STRINGS = Type.getInternalName(ConstantStrings.class);
    private static final String TAIL_CALLS = "org/luaj/vm2/LuanodeTailCalls";
    /** The methods luajc puts a function's body in (JavaBuilder's METH_NAME_N). */
    private static final Set<String> BODIES = Set.of("call", "onInvoke");

    private Weaver() {}

    static byte[] weave(byte[] luajcClass, int[] lineOfPc) {
        ClassNode c = new ClassNode();
        new ClassReader(luajcClass).accept(c, 0);
        c.version = Opcodes.V1_5;
        c.interfaces.add(TAIL_CALLS + "$CompiledFunction");
        for (MethodNode m : c.methods) {
            if (m.name.equals("<clinit>")) shareStringConstants(m);
            if (BODIES.contains(m.name) && (m.access & Opcodes.ACC_STATIC) == 0 && m.instructions.size() > 0) {
                weaveBody(c.name, m, lineOfPc);
            }
        }
        ClassWriter w = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        c.accept(w);
        return w.toByteArray();
    }

    private static void weaveBody(String owner, MethodNode m, int[] lineOfPc) {
        int pcVar = m.maxLocals++;
        InsnList code = m.instructions;
        Set<LabelNode> seen = new HashSet<>();
        for (AbstractInsnNode i = code.getFirst(); i != null; i = i.getNext()) {
            if (i instanceof LabelNode l) {
                seen.add(l);
            } else if (i instanceof LineNumberNode n) {
                int pc = n.line - 1;
                InsnList store = new InsnList();
                store.add(new LdcInsnNode(pc));
                store.add(new VarInsnNode(Opcodes.ISTORE, pcVar));
                code.insert(n, store); // the loop goes on through the two new instructions
                n.line = pc >= 0 && pc < lineOfPc.length ? lineOfPc[pc] : 0;
            } else if (i instanceof JumpInsnNode j && seen.contains(j.label)) {
                code.insertBefore(j, tick()); // a backward jump: one loop iteration
            } else if (i instanceof MethodInsnNode call && isTableAccess(call)) {
                // t[k] and t[k] = v: the receiver becomes the first argument, the stack stays as it is
                call.setOpcode(Opcodes.INVOKESTATIC);
                call.owner = TABLE_ACCESS;
                call.desc = "(L" + VALUE + ";" + call.desc.substring(1);
                call.itf = false;
            } else if (i instanceof MethodInsnNode call && isTailCall(call)) {
                call.owner = TAIL_CALLS;
                call.name = "tailcall";
            }
        }
        LabelNode start = new LabelNode();
        LabelNode end = new LabelNode();
        InsnList prologue = new InsnList();
        prologue.add(new LdcInsnNode(-1)); // before the first instruction
        prologue.add(new VarInsnNode(Opcodes.ISTORE, pcVar));
        prologue.add(tick());
        prologue.add(start);
        code.insert(prologue);
        code.add(end);
        // (LuaError e) -> throw CompiledErrors.unwinding(e, ThisClass.class, pc)
        m.tryCatchBlocks.add(handler(m, owner, pcVar, start, end, LUA_ERROR, "unwinding"));
        // (StackOverflowError e) -> throw CompiledErrors.overflow(e, ThisClass.class, pc): a Lua error, as
        // C Lua's "stack overflow" is (the frames it unwound leave the handler room to run; if not, the
        // next frame's handler tries)
        m.tryCatchBlocks.add(handler(m, owner, pcVar, start, end, "java/lang/StackOverflowError", "overflow"));
        // (Exception e) -> throw CompiledErrors.javaException(e, ThisClass.class, pc): any other exception
        // (from a Java method called through luajava, from LuaJ's code) is a Lua error at this position,
        // "vm error: ...", as LuaJ's interpreter makes it. After the LuaError entry: the first match wins.
        m.tryCatchBlocks.add(handler(m, owner, pcVar, start, end, "java/lang/Exception", "javaException"));
    }

    /**
     * Appends {@code catch (caught e) { throw CompiledErrors.<method>(e, ThisClass.class, pc); }} over
     * [start, end) to {@code m}'s code; returns its entry for the exception table.
     */
    private static TryCatchBlockNode handler(
            MethodNode m, String owner, int pcVar, LabelNode start, LabelNode end, String caught, String method) {
        LabelNode handler = new LabelNode();
        InsnList code = m.instructions;
        code.add(handler);
        code.add(new LdcInsnNode(Type.getObjectType(owner)));
        code.add(new VarInsnNode(Opcodes.ILOAD, pcVar));
        code.add(new MethodInsnNode(
                Opcodes.INVOKESTATIC,
                ERRORS,
                method,
                "(L" + caught + ";Ljava/lang/Class;I)L" + LUA_ERROR + ";",
                false));
        code.add(new InsnNode(Opcodes.ATHROW));
        return new TryCatchBlockNode(start, end, handler, caught);
    }

    /** The class's string constants come from {@link ConstantStrings}: one object per text. */
    private static void shareStringConstants(MethodNode clinit) {
        for (AbstractInsnNode i : clinit.instructions) {
            if (i instanceof MethodInsnNode call
                    && call.getOpcode() == Opcodes.INVOKESTATIC
                    && call.owner.equals("org/luaj/vm2/LuaString")
                    && call.name.equals("valueOf")
                    && call.desc.equals("(Ljava/lang/String;)Lorg/luaj/vm2/LuaString;")) {
                call.owner = CONSTANT_STRINGS;
            }
        }
    }

    /** LuaValue.get(LuaValue) and LuaValue.set(LuaValue, LuaValue), which CompiledTableAccess does faster. */
    private static boolean isTableAccess(MethodInsnNode call) {
        return call.getOpcode() == Opcodes.INVOKEVIRTUAL
                && call.owner.equals(VALUE)
                && ((call.name.equals("get") && call.desc.equals("(L" + VALUE + ";)L" + VALUE + ";"))
                        || (call.name.equals("set") && call.desc.equals("(L" + VALUE + ";L" + VALUE + ";)V")));
    }

    /** LuaValue.tailcallOf(f, args), luajc's {@code return f(args)}. */
    private static boolean isTailCall(MethodInsnNode call) {
        return call.getOpcode() == Opcodes.INVOKESTATIC
                && call.owner.equals(VALUE)
                && call.name.equals("tailcallOf")
                && call.desc.equals("(L" + VALUE + ";Lorg/luaj/vm2/Varargs;)Lorg/luaj/vm2/Varargs;");
    }

    private static MethodInsnNode tick() {
        return new MethodInsnNode(Opcodes.INVOKESTATIC, TICK_OWNER, "tick", "()V", false);
    }
}
