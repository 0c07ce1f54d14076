package org.luaj.vm2;

import java.lang.reflect.Field;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.luaj.vm2.lib.DebugLib;

/**
 * The interpreter's error messages worded as C Lua 5.1 words them ({@code ldebug.c}), with the name of
 * the variable involved where the compiler knows it: {@code attempt to index local 't' (a nil value)},
 * {@code attempt to call method 'bad' (a nil value)}, {@code attempt to compare string with number}.
 * LuaJ writes {@code attempt to index ? (a nil value)}, {@code attempt to call nil}, {@code attempt to
 * perform arithmetic __add on number and table}. The instruction that failed says which registers were
 * involved; their values come from the debug call stack's frame, their names from LuaJ's
 * {@code DebugLib.getobjname} (the same analysis as C's).
 */
final class RuntimeMessages {
    private static final Pattern INDEX =
            Pattern.compile("attempt to index \\? \\(a (\\w+) value\\)|index expected, got (\\w+)");
    private static final Pattern CALL = Pattern.compile("attempt to call (\\w+)");
    private static final Pattern ARITH = Pattern.compile("attempt to perform arithmetic .*");
    private static final Pattern CONCAT = Pattern.compile("attempt to concatenate .*");
    private static final Pattern LEN = Pattern.compile("attempt to get length of .*");
    private static final Pattern COMPARE = Pattern.compile("attempt to compare .*");
    /** An argument error that knows its position: LuanodeErrors.argument's, or LuaJ's argerror. */
    private static final Pattern ARGUMENT = Pattern.compile("bad argument #(\\d+)(?: to '\\?' \\((.*)\\)|: (.*))");
    /** LuaJ's check of a value, without its position. */
    private static final Pattern UNPLACED = Pattern.compile("bad argument: (\\w+) expected, got (\\w+)");

    private static final Class<?> NAME_WHAT = LuajFields.type("org.luaj.vm2.lib.DebugLib$NameWhat");
    private static final Field NAME = LuajFields.field(NAME_WHAT, "name");
    private static final Field NAMEWHAT = LuajFields.field(NAME_WHAT, "namewhat");

    private RuntimeMessages() {}

    /**
     * C Lua's wording of {@code message}, raised by compiled code at instruction {@code pc} of {@code p},
     * whose registers are JVM locals: the types involved come from LuaJ's message; null to keep it.
     */
    static String compiled(String message, Prototype p, int pc) {
        if (p.code == null || pc < 0 || pc >= p.code.length || !canRaise(message, Lua.GET_OPCODE(p.code[pc])))
            return null;
        return withoutRegisters(message, p, pc);
    }

    private static final Pattern LUAJ_ARITH =
            Pattern.compile("attempt to perform arithmetic __\\w+ on (\\w+) and (\\w+)");
    private static final Pattern LUAJ_CONCAT = Pattern.compile("attempt to concatenate (\\w+) and (\\w+)");
    private static final Pattern LUAJ_LEN = Pattern.compile("attempt to get length of (\\w+)");

    /**
     * The type register or constant {@code rk} holds at {@code pc}, when an instruction of the same line
     * just before it loads a constant, nil, a boolean, a new table or a closure into it; null otherwise.
     */
    private static String staticType(Prototype p, int pc, int rk) {
        if (Lua.ISK(rk)) return p.k[Lua.INDEXK(rk)].typename();
        for (int q = pc - 1; q >= 0 && p.lineinfo[q] == p.lineinfo[pc]; q--) {
            int i = p.code[q];
            int op = Lua.GET_OPCODE(i);
            int a = Lua.GETARG_A(i);
            if (op == Lua.OP_LOADNIL && rk >= a && rk <= a + Lua.GETARG_B(i)) return "nil"; // R(A)..R(A+B), as in 5.2
            if (a != rk) continue;
            return switch (op) {
                case Lua.OP_LOADK -> p.k[Lua.GETARG_Bx(i)].typename();
                case Lua.OP_LOADBOOL -> "boolean";
                case Lua.OP_NEWTABLE -> "table";
                case Lua.OP_CLOSURE -> "function";
                default -> null;
            };
        }
        return null;
    }

    /** Whether an instruction with opcode {@code op} can raise {@code message}. */
    private static boolean canRaise(String message, int op) {
        boolean call = op == Lua.OP_CALL || op == Lua.OP_TAILCALL;
        if (message.startsWith("bad argument") || CALL.matcher(message).matches()) return call;
        if (INDEX.matcher(message).matches())
            return op == Lua.OP_GETTABLE || op == Lua.OP_SELF || op == Lua.OP_SETTABLE;
        if (ARITH.matcher(message).matches()) return op >= Lua.OP_ADD && op <= Lua.OP_POW;
        if (CONCAT.matcher(message).matches()) return op == Lua.OP_CONCAT;
        if (LEN.matcher(message).matches()) return op == Lua.OP_LEN;
        if (COMPARE.matcher(message).matches()) return op == Lua.OP_LT || op == Lua.OP_LE;
        return false;
    }

    /**
     * C's wording at {@code pc} without the registers' values: the types come from LuaJ's own message
     * (which names them), the names from the prototype.
     */
    private static String withoutRegisters(String message, Prototype p, int pc) {
        int i = p.code[pc];
        int a = Lua.GETARG_A(i);
        int b = Lua.GETARG_B(i);
        int c = Lua.GETARG_C(i);
        Matcher m;
        if ((m = UNPLACED.matcher(message)).matches()) {
            if (b == 1) return argumentError(p, pc, a, 1, m.group(1) + " expected, got no value");
            if (b == 0) return null;
            // the one argument of that type, where the instructions before the call show every type
            int found = -1;
            for (int k = 1; k < b; k++) {
                String t = staticType(p, pc, a + k);
                if (t == null) return null;
                if (t.equals(m.group(2))) {
                    if (found > 0) return null;
                    found = k;
                }
            }
            return found < 0 ? null : argumentError(p, pc, a, found, m.group(1) + " expected, got " + m.group(2));
        }
        if (COMPARE.matcher(message).matches()) {
            String t1 = staticType(p, pc, b);
            String t2 = staticType(p, pc, c);
            if (t1 == null || t2 == null) return null;
            return t1.equals(t2)
                    ? "attempt to compare two " + t1 + " values"
                    : "attempt to compare " + t1 + " with " + t2;
        }
        if ((m = LUAJ_LEN.matcher(message)).matches()) return typeError("get length of", p, pc, b, m.group(1));
        if ((m = LUAJ_ARITH.matcher(message)).matches()) {
            // C blames the first operand unless it is a number (a string might read as one: not known here)
            boolean left = !m.group(1).equals("number");
            int culprit = left ? b : c;
            return typeError("perform arithmetic on", p, pc, Lua.ISK(culprit) ? -1 : culprit, m.group(left ? 1 : 2));
        }
        if ((m = LUAJ_CONCAT.matcher(message)).matches()) {
            boolean left = !m.group(1).equals("string") && !m.group(1).equals("number");
            int culprit = c == b + 1 ? (left ? b : c) : -1;
            return typeError("concatenate", p, pc, culprit, m.group(left ? 1 : 2));
        }
        return asC(message, p, pc, null);
    }

    /** C Lua's wording of {@code message}, raised at instruction {@code pc} of {@code p}; null to keep it. */
    static String asC(String message, Prototype p, int pc, LuaValue[] registers) {
        if (p.code == null || pc < 0 || pc >= p.code.length) return null;
        int i = p.code[pc];
        int op = Lua.GET_OPCODE(i);
        int a = Lua.GETARG_A(i);
        int b = Lua.GETARG_B(i);
        int c = Lua.GETARG_C(i);
        Matcher m;
        boolean call = op == Lua.OP_CALL || op == Lua.OP_TAILCALL;
        if (call && (m = ARGUMENT.matcher(message)).matches()) {
            return argumentError(p, pc, a, Integer.parseInt(m.group(1)), m.group(2) != null ? m.group(2) : m.group(3));
        }
        if (call && registers != null && (m = UNPLACED.matcher(message)).matches()) {
            return unplacedArgument(p, pc, a, b, registers, m.group(1), m.group(2));
        }
        if ((m = INDEX.matcher(message)).matches()) {
            String type = m.group(1) != null ? m.group(1) : m.group(2);
            int reg = switch (op) {
                case Lua.OP_GETTABLE, Lua.OP_SELF -> b;
                case Lua.OP_SETTABLE -> a;
                default -> -1;
            };
            return typeError("index", p, pc, reg, type);
        }
        if ((m = CALL.matcher(message)).matches() && (op == Lua.OP_CALL || op == Lua.OP_TAILCALL)) {
            return typeError("call", p, pc, a, m.group(1));
        }
        if (registers == null) return null;
        if (ARITH.matcher(message).matches()) {
            if (op == Lua.OP_UNM || op == Lua.OP_LEN)
                return typeError("perform arithmetic on", p, pc, b, type(registers, b));
            if (op < Lua.OP_ADD || op > Lua.OP_POW) return null;
            // the first operand that is not a number (nor a string that reads as one) is the culprit
            int culprit = isNumeric(rk(p, registers, b)) ? c : b;
            return typeError(
                    "perform arithmetic on", p, pc, Lua.ISK(culprit) ? -1 : culprit, typeOfRk(p, registers, culprit));
        }
        if (CONCAT.matcher(message).matches() && op == Lua.OP_CONCAT) {
            // from the right, as the VM concatenates: the first operand that is not a string or number
            for (int r = c - 1; r >= b; r--) {
                LuaValue left = value(registers, r);
                LuaValue right = value(registers, r + 1);
                if (!isStringish(left)) return typeError("concatenate", p, pc, r, left.typename());
                if (!isStringish(right)) return typeError("concatenate", p, pc, r + 1, right.typename());
            }
            return null;
        }
        if (LEN.matcher(message).matches() && op == Lua.OP_LEN) {
            return typeError("get length of", p, pc, b, type(registers, b));
        }
        if (COMPARE.matcher(message).matches() && (op == Lua.OP_LT || op == Lua.OP_LE)) {
            String t1 = typeOfRk(p, registers, b);
            String t2 = typeOfRk(p, registers, c);
            return t1.equals(t2)
                    ? "attempt to compare two " + t1 + " values"
                    : "attempt to compare " + t1 + " with " + t2;
        }
        return null;
    }

    /** {@code bad argument #n to 'name' (message)}, numbered as C Lua 5.1 numbers a method's arguments. */
    private static String argumentError(Prototype p, int pc, int function, int n, String message) {
        String[] name = name(p, pc, function);
        if (name == null) return "bad argument #" + n + " to '?' (" + message + ")";
        if (name[0].equals("method")) {
            n--;
            if (n == 0) return "calling '" + name[1] + "' on bad self (" + message + ")";
        }
        return "bad argument #" + n + " to '" + name[1] + "' (" + message + ")";
    }

    /**
     * LuaJ checked a value without saying which argument it was: the one argument of the call with the
     * type it got, or, for nil when none was nil, the first one missing. Null when that is not clear.
     */
    private static String unplacedArgument(
            Prototype p, int pc, int function, int b, LuaValue[] registers, String expected, String got) {
        if (b == 0) return null; // a variable number of arguments: which were passed is not known here
        int passed = b - 1;
        int found = -1;
        for (int k = 1; k <= passed; k++) {
            if (value(registers, function + k).typename().equals(got)) {
                if (found > 0) return null;
                found = k;
            }
        }
        if (found < 0 && got.equals("nil")) found = passed + 1;
        if (found < 0) return null;
        String what = expected + " expected, got " + (found > passed ? "no value" : got);
        return argumentError(p, pc, function, found, what);
    }

    /** {@code attempt to <op> <kind> '<name>' (a <type> value)}, or without the name when none is known. */
    private static String typeError(String op, Prototype p, int pc, int reg, String type) {
        String[] name = reg < 0 ? null : name(p, pc, reg);
        if (name != null) return "attempt to " + op + " " + name[0] + " '" + name[1] + "' (a " + type + " value)";
        return "attempt to " + op + " a " + type + " value";
    }

    /** {kind, name} of a register at an instruction (local, global, field, upvalue, method), or null. */
    private static String[] name(Prototype p, int pc, int reg) {
        try {
            Object nw = DebugLib.getobjname(p, pc, reg);
            if (nw == null || NAME == null || NAMEWHAT == null) return null;
            String name = (String) NAME.get(nw);
            String kind = (String) NAMEWHAT.get(nw);
            if (name == null || kind == null || kind.equals("constant")) return null;
            return new String[] {kind, name};
        } catch (IllegalAccessException | RuntimeException e) {
            return null;
        }
    }

    private static boolean isNumeric(LuaValue v) {
        return v != null && !v.tonumber().isnil();
    }

    private static boolean isStringish(LuaValue v) {
        return v.type() == LuaValue.TSTRING || v.type() == LuaValue.TNUMBER;
    }

    private static LuaValue rk(Prototype p, LuaValue[] registers, int x) {
        if (Lua.ISK(x)) {
            int k = x & 0xff;
            return p.k != null && k < p.k.length ? p.k[k] : LuaValue.NIL;
        }
        return value(registers, x);
    }

    private static String typeOfRk(Prototype p, LuaValue[] registers, int x) {
        return rk(p, registers, x).typename();
    }

    private static String type(LuaValue[] registers, int r) {
        return value(registers, r).typename();
    }

    private static LuaValue value(LuaValue[] registers, int r) {
        LuaValue v = r >= 0 && r < registers.length ? registers[r] : null;
        return v == null ? LuaValue.NIL : v;
    }
}
