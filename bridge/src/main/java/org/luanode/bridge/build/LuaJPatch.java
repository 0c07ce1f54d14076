package org.luanode.bridge.build;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

/**
 * Build step (bridge/pom.xml, phase process-classes): rewrites a few of LuaJ 3.0.1's core classes into
 * this module's classes, where they take the place of LuaJ's own on every classpath and in the jar. The
 * defects live in those classes, so no library function can fix them: every number that becomes text
 * (print, tostring, {@code ..}, io.write, table.concat) goes through {@code LuaDouble.tojstring}, which
 * LuaJ writes as {@code Float.toString((float) v)}. What changes, and nothing else:
 *
 * <ul>
 *   <li>{@code LuaDouble.tojstring()} returns {@code CNumbers.luaNumber(v)}: C Lua 5.1's {@code "%.14g"}.
 *   <li>{@code LuaDouble.valueOf(double)} keeps {@code -0.0} a double (LuaJ made it the integer 0).
 *   <li>{@code LuaInteger.neg()} of 0 is {@code -0.0}, as in C Lua, where every number is a double.
 *   <li>{@code LuaError.getMessage}, {@code LuaClosure.processErrorHooks} and {@code LexState.lexerror} call
 *       {@code org.luaj.vm2.LuanodeErrors}: messages read and are placed as C Lua's.
 *   <li>{@code Varargs}' argument checks ({@code checkjstring(int)}, {@code optint(int, int)}, ...) pass
 *       the argument's position to {@code LuanodeErrors.argument} when they fail.
 *   <li>LuaDouble's NaN constant (0/0, {@code LuaDouble.NAN}) becomes {@code CNumbers.MACHINE_NAN}, the NaN
 *       the machine's arithmetic makes, whose sign C prints ({@code -nan} on x86-64).
 *   <li>{@code LuaDouble.ddiv} and {@code ddiv_d} divide as the machine does (a division by {@code -0}
 *       gives {@code -inf}, NaN stays NaN); only 0/0 is the machine's NaN constant.
 *   <li>{@code LuaTable.defaultEntry} never makes a {@code NumberValueEntry}: numbers are kept as the values
 *       they are (no new LuaDouble at each read, and a numeric string stored later stays a string).
 *   <li>{@code LuaString.getmetatable()} returns {@code StringMetatables.current()}: each Lua state of a
 *       node has its own string metatable, where LuaJ has one for the JVM.
 *   <li>{@code LuaString.strcmp(LuaString)} compares bytes unsigned, as C's strcoll in the C locale.
 *   <li>Every class here and LuaJ's other runtime classes (not luajc's) become Java 8 class files, with
 *       stack map frames: verified fast and kept in the JVM's ahead-of-time cache.
 * </ul>
 *
 * Usage: {@code LuaJPatch OUTPUT_CLASSES_DIR}. The originals are read from LuaJ's jar on the classpath
 * (never from an earlier run's output); a LuaJ whose methods are not where 3.0.1 has them fails the build.
 */
public final class LuaJPatch {
    private static final String DOUBLE = "org/luaj/vm2/LuaDouble";
    private static final String INTEGER = "org/luaj/vm2/LuaInteger";
    private static final String NUMBERS = "org/luanode/bridge/CNumbers";
    private static final String ERROR = "org/luaj/vm2/LuaError";
    private static final String CLOSURE = "org/luaj/vm2/LuaClosure";
    private static final String LEXER = "org/luaj/vm2/compiler/LexState";
    private static final String ERRORS = "org/luaj/vm2/LuanodeErrors";
    private static final String VARARGS = "org/luaj/vm2/Varargs";
    private static final String STRING = "org/luaj/vm2/LuaString";
    private static final String TABLE = "org/luaj/vm2/LuaTable";

    /** What to do with one method: a visitor to pass its code through, or null when it was written anew. */
    private interface MethodPatch {
        MethodVisitor visit(String nameAndDesc, MethodVisitor original);
    }

    private LuaJPatch() {}

    public static void main(String[] args) throws IOException {
        Path classes = Path.of(args[0]);
        patch(
                classes,
                DOUBLE,
                List.of(
                        "tojstring()Ljava/lang/String;",
                        "valueOf(D)Lorg/luaj/vm2/LuaNumber;",
                        "ddiv(DD)Lorg/luaj/vm2/LuaValue;",
                        "ddiv_d(DD)D"),
                (m, mv) -> switch (m) {
                    case "tojstring()Ljava/lang/String;" -> {
                        writeTojstring(mv);
                        yield null;
                    }
                    case "ddiv(DD)Lorg/luaj/vm2/LuaValue;" -> {
                        writeDivision(mv, false);
                        yield null;
                    }
                    case "ddiv_d(DD)D" -> {
                        writeDivision(mv, true);
                        yield null;
                    }
                    case "valueOf(D)Lorg/luaj/vm2/LuaNumber;" -> new NegativeZeroFirst(new MachineNan(mv));
                    default -> new MachineNan(mv);
                });
        patch(
                classes,
                INTEGER,
                List.of("neg()Lorg/luaj/vm2/LuaValue;"),
                (m, mv) -> m.equals("neg()Lorg/luaj/vm2/LuaValue;") ? new NegatedZeroIsMinusZero(mv) : mv);
        // Error messages placed and worded as C Lua's: org.luaj.vm2.LuanodeErrors.
        String getMessage = "getMessage()Ljava/lang/String;";
        patch(classes, ERROR, List.of(getMessage), (m, mv) -> {
            if (!m.equals(getMessage)) return mv;
            // return LuanodeErrors.message(this, super.getMessage());
            mv.visitCode();
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitMethodInsn(
                    Opcodes.INVOKESPECIAL, "java/lang/RuntimeException", "getMessage", "()Ljava/lang/String;", false);
            mv.visitMethodInsn(
                    Opcodes.INVOKESTATIC,
                    ERRORS,
                    "message",
                    "(L" + ERROR + ";Ljava/lang/String;)Ljava/lang/String;",
                    false);
            mv.visitInsn(Opcodes.ARETURN);
            mv.visitMaxs(0, 0);
            mv.visitEnd();
            return null;
        });
        String hooks = "processErrorHooks(L" + ERROR + ";Lorg/luaj/vm2/Prototype;I)V";
        String execute = "execute([Lorg/luaj/vm2/LuaValue;Lorg/luaj/vm2/Varargs;)Lorg/luaj/vm2/Varargs;";
        patch(classes, CLOSURE, List.of(hooks, execute), (m, mv) -> {
            if (m.equals(execute)) return new StackOverflowIsALuaError(new JavaFunctionsCalledInPlace(mv));
            if (!m.equals(hooks)) return mv;
            // LuanodeErrors.unwinding(this, error, prototype, pc);
            mv.visitCode();
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitVarInsn(Opcodes.ALOAD, 1);
            mv.visitVarInsn(Opcodes.ALOAD, 2);
            mv.visitVarInsn(Opcodes.ILOAD, 3);
            mv.visitMethodInsn(
                    Opcodes.INVOKESTATIC,
                    ERRORS,
                    "unwinding",
                    "(L" + CLOSURE + ";L" + ERROR + ";Lorg/luaj/vm2/Prototype;I)V",
                    false);
            mv.visitInsn(Opcodes.RETURN);
            mv.visitMaxs(0, 0);
            mv.visitEnd();
            return null;
        });
        // Strings' metatable per Lua state (StringMetatables): return StringMetatables.current();
        String getmetatable = "getmetatable()Lorg/luaj/vm2/LuaValue;";
        // Strings compared as C Lua compares them (strcoll in the C locale): bytes unsigned, where LuaJ
        // compared them signed ('\200' < 'a' was true).
        String strcmp = "strcmp(L" + STRING + ";)I";
        patch(classes, STRING, List.of(getmetatable, strcmp), (m, mv) -> {
            if (m.equals(strcmp)) {
                writeUnsignedStrcmp(mv);
                return null;
            }
            if (!m.equals(getmetatable)) return mv;
            mv.visitCode();
            mv.visitMethodInsn(
                    Opcodes.INVOKESTATIC,
                    "org/luanode/bridge/StringMetatables",
                    "current",
                    "()Lorg/luaj/vm2/LuaValue;",
                    false);
            mv.visitInsn(Opcodes.ARETURN);
            mv.visitMaxs(0, 0);
            mv.visitEnd();
            return null;
        });
        // A table entry with a number value keeps the LuaValue, as any other value: LuaJ's NumberValueEntry
        // kept the double and made a new LuaDouble at every read (n-body's fields: most of its time), and,
        // worse, turned a numeric string stored later under the key into a number (t.x = 1; t.x = "5" made
        // type(t.x) "number").
        String defaultEntry = "defaultEntry(Lorg/luaj/vm2/LuaValue;Lorg/luaj/vm2/LuaValue;)L" + TABLE + "$Entry;";
        patch(classes, TABLE, List.of(defaultEntry), (m, mv) -> {
            if (!m.equals(defaultEntry)) return mv;
            writeDefaultEntry(mv);
            return null;
        });
        // Argument checks by position (args.checkjstring(2)) tell which argument failed.
        patch(
                classes,
                VARARGS,
                List.of("checkjstring(I)Ljava/lang/String;", "optint(II)I"),
                (m, mv) -> m.matches("(check|opt)\\w*\\(I.*") ? new ArgumentPosition(mv) : mv);
        String lexerror = "lexerror(Ljava/lang/String;I)V";
        patch(classes, LEXER, List.of(lexerror), (m, mv) -> {
            if (!m.equals(lexerror)) return mv;
            // throw LuanodeErrors.syntaxError(source.tojstring(), linenumber, msg, token != 0 ? txtToken(token) :
            // null);
            Label noToken = new Label();
            Label call = new Label();
            mv.visitCode();
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitFieldInsn(Opcodes.GETFIELD, LEXER, "source", "Lorg/luaj/vm2/LuaString;");
            mv.visitMethodInsn(
                    Opcodes.INVOKEVIRTUAL, "org/luaj/vm2/LuaString", "tojstring", "()Ljava/lang/String;", false);
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitFieldInsn(Opcodes.GETFIELD, LEXER, "linenumber", "I");
            mv.visitVarInsn(Opcodes.ALOAD, 1);
            mv.visitVarInsn(Opcodes.ILOAD, 2);
            mv.visitJumpInsn(Opcodes.IFEQ, noToken);
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitVarInsn(Opcodes.ILOAD, 2);
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, LEXER, "txtToken", "(I)Ljava/lang/String;", false);
            mv.visitJumpInsn(Opcodes.GOTO, call);
            mv.visitLabel(noToken);
            mv.visitInsn(Opcodes.ACONST_NULL);
            mv.visitLabel(call);
            mv.visitMethodInsn(
                    Opcodes.INVOKESTATIC,
                    ERRORS,
                    "syntaxError",
                    "(Ljava/lang/String;ILjava/lang/String;Ljava/lang/String;)L" + ERROR + ";",
                    false);
            mv.visitInsn(Opcodes.ATHROW);
            mv.visitMaxs(0, 0);
            mv.visitEnd();
            return null;
        });
        upgradeTheRest(classes);
    }

    /** The LuaJ classes written so far (internal names). */
    private static final Set<String> WRITTEN = new HashSet<>();

    /**
     * LuaJ 3.0.1's other classes, unchanged but written as Java 8 class files (version 52, with stack map
     * frames), where LuaJ ships version 47 (Java 1.3): the JVM verifies those with its old inference
     * verifier at every start and leaves them out of the ahead-of-time cache (jnode/target/jnode.aot),
     * so LuaJ's core (LuaValue, LuaTable, the libraries) was loaded, verified and profiled anew each time.
     * luajc's classes (BCEL's types, not on this build's classpath) are left as they are.
     */
    private static void upgradeTheRest(Path classes) throws IOException {
        int upgraded = 0;
        try (JarFile jar =
                ((JarURLConnection) inJar("org/luaj/vm2/LuaValue.class").openConnection()).getJarFile()) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                String name = entry.getName();
                if (!name.startsWith("org/luaj/vm2/") || !name.endsWith(".class")) continue;
                String className = name.substring(0, name.length() - ".class".length());
                if (WRITTEN.contains(className) || className.startsWith("org/luaj/vm2/luajc/")) continue;
                byte[] original;
                try (InputStream in = jar.getInputStream(entry)) {
                    original = in.readAllBytes();
                }
                ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES);
                new ClassReader(original).accept(new Java8(writer), 0);
                Path out = classes.resolve(name);
                Files.createDirectories(out.getParent());
                Files.write(out, writer.toByteArray());
                upgraded++;
            }
        }
        System.out.println("[luaj-patch] wrote " + upgraded + " more LuaJ classes as Java 8 class files");
    }

    /** Passes a class through, as a Java 8 class file (the writer computes its stack map frames). */
    private static class Java8 extends ClassVisitor {
        Java8(ClassVisitor target) {
            super(Opcodes.ASM9, target);
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] faces) {
            super.visit(Opcodes.V1_8, access, name, signature, superName, faces);
        }
    }

    private static void patch(Path classes, String className, List<String> required, MethodPatch methods)
            throws IOException {
        ClassReader reader = new ClassReader(fromJar(className + ".class"));
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES);
        Set<String> seen = new HashSet<>();
        reader.accept(
                new Java8(writer) {
                    @Override
                    public MethodVisitor visitMethod(
                            int access, String name, String desc, String signature, String[] exceptions) {
                        seen.add(name + desc);
                        return methods.visit(name + desc, super.visitMethod(access, name, desc, signature, exceptions));
                    }
                },
                0);
        if (!seen.containsAll(required))
            throw new IllegalStateException(className + " does not look like LuaJ 3.0.1's: no " + required);
        Path out = classes.resolve(className + ".class");
        Files.createDirectories(out.getParent());
        Files.write(out, writer.toByteArray());
        WRITTEN.add(className);
        System.out.println("[luaj-patch] wrote " + out);
    }

    /**
     * LuaString.strcmp(other): {@code LuanodeStrings.compare(m_bytes, m_offset, m_length, other.m_bytes,
     * other.m_offset, other.m_length)}: bytes unsigned, as C Lua compares.
     */
    private static void writeUnsignedStrcmp(MethodVisitor mv) {
        mv.visitCode();
        for (int self = 0; self <= 1; self++) {
            mv.visitVarInsn(Opcodes.ALOAD, self);
            mv.visitFieldInsn(Opcodes.GETFIELD, STRING, "m_bytes", "[B");
            mv.visitVarInsn(Opcodes.ALOAD, self);
            mv.visitFieldInsn(Opcodes.GETFIELD, STRING, "m_offset", "I");
            mv.visitVarInsn(Opcodes.ALOAD, self);
            mv.visitFieldInsn(Opcodes.GETFIELD, STRING, "m_length", "I");
        }
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "org/luaj/vm2/LuanodeStrings", "compare", "([BII[BII)I", false);
        mv.visitInsn(Opcodes.IRETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /**
     * LuaClosure.execute, the interpreter: a StackOverflowError anywhere in it (its own handlers first,
     * so the debug call stack is still popped) becomes {@code LuanodeErrors.stackOverflow()}, a Lua
     * error that the calling function places and pcall catches, as C Lua's "stack overflow". If placing
     * it overflows the stack again, that frame's handler makes a new one for its caller, until there is
     * room. The class is written as a Java 8 class file, its frames computed by ASM.
     */
    private static final class StackOverflowIsALuaError extends MethodNode {
        private final MethodVisitor target;

        StackOverflowIsALuaError(MethodVisitor target) {
            super(Opcodes.ASM9);
            this.target = target;
        }

        @Override
        public void visitEnd() {
            LabelNode start = new LabelNode();
            LabelNode end = new LabelNode();
            LabelNode handler = new LabelNode();
            instructions.insert(start);
            instructions.add(end);
            instructions.add(handler);
            instructions.add(new InsnNode(Opcodes.POP));
            instructions.add(
                    new MethodInsnNode(Opcodes.INVOKESTATIC, ERRORS, "stackOverflow", "()L" + ERROR + ";", false));
            instructions.add(new InsnNode(Opcodes.ATHROW));
            tryCatchBlocks.add(new TryCatchBlockNode(start, end, handler, "java/lang/StackOverflowError")); // last
            super.visitEnd();
            accept(target);
        }
    }

    /**
     * LuaClosure.execute's {@code return new TailcallVarargs(f, args)} (OP_TAILCALL) becomes {@code return
     * LuanodeTailCalls.tailcall(f, args)}, which runs a library function in this frame, as C Lua does: the
     * {@code new} and its {@code dup} go, the constructor call becomes the static call, the stack is as
     * before. Fails the build unless it finds LuaJ 3.0.1's five sites.
     */
    private static final class JavaFunctionsCalledInPlace extends MethodVisitor {
        private static final String TAILCALL = "org/luaj/vm2/TailcallVarargs";
        private boolean droppedNew;
        private int sites;

        JavaFunctionsCalledInPlace(MethodVisitor target) {
            super(Opcodes.ASM9, target);
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            if (opcode == Opcodes.NEW && type.equals(TAILCALL)) {
                droppedNew = true;
                return;
            }
            super.visitTypeInsn(opcode, type);
        }

        @Override
        public void visitInsn(int opcode) {
            if (droppedNew) {
                if (opcode != Opcodes.DUP) throw new IllegalStateException("LuaClosure.execute: no dup after new");
                droppedNew = false;
                return;
            }
            super.visitInsn(opcode);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String desc, boolean itf) {
            String args = "(Lorg/luaj/vm2/LuaValue;L" + VARARGS + ";)";
            if (opcode == Opcodes.INVOKESPECIAL && owner.equals(TAILCALL) && desc.equals(args + "V")) {
                sites++;
                super.visitMethodInsn(
                        Opcodes.INVOKESTATIC,
                        "org/luaj/vm2/LuanodeTailCalls",
                        "tailcall",
                        args + "L" + VARARGS + ";",
                        false);
                return;
            }
            super.visitMethodInsn(opcode, owner, name, desc, itf);
        }

        @Override
        public void visitEnd() {
            if (sites != 5) throw new IllegalStateException("LuaClosure.execute: " + sites + " tail calls, not 5");
            super.visitEnd();
        }
    }

    /**
     * {@code ddiv(lhs, rhs)} (or {@code ddiv_d}, the same as a double): {@code lhs / rhs} as the machine
     * divides, but 0/0 is the machine's NaN. LuaJ answered every division by zero by the sign of {@code
     * lhs} alone, so {@code 1 / -0} was {@code inf} where C gives {@code -inf}, and NaN / 0 was {@code
     * -inf}.
     */
    private static void writeDivision(MethodVisitor mv, boolean asDouble) {
        Label divide = new Label();
        mv.visitCode();
        mv.visitVarInsn(Opcodes.DLOAD, 2);
        mv.visitInsn(Opcodes.DCONST_0);
        mv.visitInsn(Opcodes.DCMPL); // NaN compares as "not equal": divided
        mv.visitJumpInsn(Opcodes.IFNE, divide);
        mv.visitVarInsn(Opcodes.DLOAD, 0);
        mv.visitInsn(Opcodes.DCONST_0);
        mv.visitInsn(Opcodes.DCMPL);
        mv.visitJumpInsn(Opcodes.IFNE, divide);
        if (asDouble) {
            mv.visitFieldInsn(Opcodes.GETSTATIC, NUMBERS, "MACHINE_NAN", "D");
            mv.visitInsn(Opcodes.DRETURN);
        } else {
            mv.visitFieldInsn(Opcodes.GETSTATIC, DOUBLE, "NAN", "L" + DOUBLE + ";");
            mv.visitInsn(Opcodes.ARETURN);
        }
        mv.visitLabel(divide);
        mv.visitVarInsn(Opcodes.DLOAD, 0);
        mv.visitVarInsn(Opcodes.DLOAD, 2);
        mv.visitInsn(Opcodes.DDIV);
        if (asDouble) {
            mv.visitInsn(Opcodes.DRETURN);
        } else {
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, DOUBLE, "valueOf", "(D)Lorg/luaj/vm2/LuaNumber;", false);
            mv.visitInsn(Opcodes.ARETURN);
        }
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /** {@code return key.isinttype() ? new IntKeyEntry(key.toint(), value) : new NormalEntry(key, value);} */
    private static void writeDefaultEntry(MethodVisitor mv) {
        String value = "org/luaj/vm2/LuaValue";
        Label other = new Label();
        mv.visitCode();
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, value, "isinttype", "()Z", false);
        mv.visitJumpInsn(Opcodes.IFEQ, other);
        mv.visitTypeInsn(Opcodes.NEW, TABLE + "$IntKeyEntry");
        mv.visitInsn(Opcodes.DUP);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, value, "toint", "()I", false);
        mv.visitVarInsn(Opcodes.ALOAD, 1);
        mv.visitMethodInsn(Opcodes.INVOKESPECIAL, TABLE + "$IntKeyEntry", "<init>", "(IL" + value + ";)V", false);
        mv.visitInsn(Opcodes.ARETURN);
        mv.visitLabel(other);
        mv.visitTypeInsn(Opcodes.NEW, TABLE + "$NormalEntry");
        mv.visitInsn(Opcodes.DUP);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitVarInsn(Opcodes.ALOAD, 1);
        mv.visitMethodInsn(
                Opcodes.INVOKESPECIAL, TABLE + "$NormalEntry", "<init>", "(L" + value + ";L" + value + ";)V", false);
        mv.visitInsn(Opcodes.ARETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    private static void writeTojstring(MethodVisitor mv) {
        mv.visitCode();
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitFieldInsn(Opcodes.GETFIELD, DOUBLE, "v", "D");
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, NUMBERS, "luaNumber", "(D)Ljava/lang/String;", false);
        mv.visitInsn(Opcodes.ARETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /** Before valueOf's own code: {@code if (CNumbers.isNegativeZero(d)) return new LuaDouble(d);}. */
    private static final class NegativeZeroFirst extends MethodVisitor {
        NegativeZeroFirst(MethodVisitor next) {
            super(Opcodes.ASM9, next);
        }

        @Override
        public void visitCode() {
            super.visitCode();
            Label original = new Label();
            super.visitVarInsn(Opcodes.DLOAD, 0);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, NUMBERS, "isNegativeZero", "(D)Z", false);
            super.visitJumpInsn(Opcodes.IFEQ, original);
            super.visitTypeInsn(Opcodes.NEW, DOUBLE);
            super.visitInsn(Opcodes.DUP);
            super.visitVarInsn(Opcodes.DLOAD, 0);
            super.visitMethodInsn(Opcodes.INVOKESPECIAL, DOUBLE, "<init>", "(D)V", false);
            super.visitInsn(Opcodes.ARETURN);
            super.visitLabel(original);
        }
    }

    /** Before LuaInteger.neg's own code: {@code if (v == 0) return LuaDouble.valueOf(-0.0);}. */
    private static final class NegatedZeroIsMinusZero extends MethodVisitor {
        NegatedZeroIsMinusZero(MethodVisitor next) {
            super(Opcodes.ASM9, next);
        }

        @Override
        public void visitCode() {
            super.visitCode();
            Label original = new Label();
            super.visitVarInsn(Opcodes.ALOAD, 0);
            super.visitFieldInsn(Opcodes.GETFIELD, INTEGER, "v", "I");
            super.visitJumpInsn(Opcodes.IFNE, original);
            super.visitLdcInsn(-0.0);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, DOUBLE, "valueOf", "(D)Lorg/luaj/vm2/LuaNumber;", false);
            super.visitInsn(Opcodes.ARETURN);
            super.visitLabel(original);
        }
    }

    /**
     * Around a Varargs argument check: {@code catch (LuaError e) { throw LuanodeErrors.argument(e, this, i); }},
     * so the message can say which argument it was.
     */
    private static final class ArgumentPosition extends MethodVisitor {
        private final Label start = new Label();
        private final Label end = new Label();
        private final Label handler = new Label();

        ArgumentPosition(MethodVisitor next) {
            super(Opcodes.ASM9, next);
        }

        @Override
        public void visitCode() {
            super.visitCode();
            super.visitTryCatchBlock(start, end, handler, ERROR);
            super.visitLabel(start);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitLabel(end);
            super.visitLabel(handler);
            super.visitVarInsn(Opcodes.ALOAD, 0);
            super.visitVarInsn(Opcodes.ILOAD, 1);
            super.visitMethodInsn(
                    Opcodes.INVOKESTATIC,
                    ERRORS,
                    "argument",
                    "(L" + ERROR + ";L" + VARARGS + ";I)L" + ERROR + ";",
                    false);
            super.visitInsn(Opcodes.ATHROW);
            super.visitMaxs(maxStack, maxLocals);
        }
    }

    /** Loads CNumbers.MACHINE_NAN where the code loads Java's NaN constant. */
    private static final class MachineNan extends MethodVisitor {
        MachineNan(MethodVisitor next) {
            super(Opcodes.ASM9, next);
        }

        @Override
        public void visitLdcInsn(Object value) {
            if (value instanceof Double d && d.isNaN()) {
                super.visitFieldInsn(Opcodes.GETSTATIC, NUMBERS, "MACHINE_NAN", "D");
            } else {
                super.visitLdcInsn(value);
            }
        }
    }

    /** The class file as LuaJ's jar has it. */
    private static byte[] fromJar(String resource) throws IOException {
        try (InputStream in = inJar(resource).openStream()) {
            return in.readAllBytes();
        }
    }

    /** Where LuaJ's jar has the resource (an earlier run's output, first on the classpath, is passed over). */
    private static URL inJar(String resource) throws IOException {
        for (URL url : Collections.list(LuaJPatch.class.getClassLoader().getResources(resource)))
            if (url.getProtocol().equals("jar")) return url;
        throw new IOException(resource + " is not in any jar on the classpath (is LuaJ a dependency?)");
    }
}
