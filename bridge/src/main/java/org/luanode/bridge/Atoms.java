package org.luanode.bridge;

import com.ericsson.otp.erlang.OtpErlangAtom;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;

/**
 * Erlang atoms in Lua: one interned userdata per atom name, so {@code ==} and table keys work as in
 * Erlang. Like Erlang's atom table, the intern table only grows; atoms are created only by
 * {@code erlang.atom} and by decoding terms, never by lookups. And like it, it has a limit (BEAM's
 * default, 1,048,576; -Dluanode.atom_limit): past it, a new atom is refused with {@link TableFull}
 * (a message that brings one is dropped, a Lua call that makes one fails), and the node goes on.
 */
public final class Atoms {
    /** Erlang's limit: 255 characters (code points). */
    public static final int MAX_LENGTH = 255;

    private static volatile int limit = Integer.getInteger("luanode.atom_limit", 1 << 20);

    /** A new atom past the limit. */
    public static final class TableFull extends TermConversionException {
        TableFull(String name) {
            super("the atom table is full (" + limit + " atoms, -Dluanode.atom_limit): no new atom '"
                    + (name.length() > 40 ? name.substring(0, 40) + "..." : name) + "'");
        }
    }

    private static final ConcurrentHashMap<String, LuaUserdata> INTERNED = new ConcurrentHashMap<>();

    private Atoms() {}

    /** The interned Lua atom for this name. */
    public static LuaUserdata atom(String name) {
        LuaUserdata atom = INTERNED.get(name);
        if (atom != null) return atom;
        if (name.codePointCount(0, name.length()) > MAX_LENGTH) {
            throw new TermConversionException("atom too long (" + name.codePointCount(0, name.length())
                    + " characters, Erlang allows " + MAX_LENGTH + ")");
        }
        if (INTERNED.size() >= limit) throw new TableFull(name); // (a race may let a few more in)
        return INTERNED.computeIfAbsent(name, n -> new LuaUserdata(new OtpErlangAtom(n), ErlangTypes.ATOM_MT));
    }

    /** The limit (erlang:system_info(atom_limit)). */
    public static int limit() {
        return limit;
    }

    /** Sets the limit (for the node's start-up, and tests). */
    public static void setLimit(int atoms) {
        limit = atoms;
    }

    /** The atom with this name if one exists already, or null: for lookups that must not create atoms. */
    public static LuaUserdata existing(LuaString name) {
        return INTERNED.get(name.tojstring());
    }

    /** How many atoms exist (erlang:system_info(atom_count)). */
    public static int count() {
        return INTERNED.size();
    }

    public static boolean isAtom(LuaValue v) {
        return v instanceof LuaUserdata u && u.getmetatable() == ErlangTypes.ATOM_MT;
    }

    public static String name(LuaValue atom) {
        return ((OtpErlangAtom) ((LuaUserdata) atom).userdata()).atomValue();
    }

    private static final Set<String> RESERVED = Set.of(
            "after", "and", "andalso", "band", "begin", "bnot", "bor", "bsl", "bsr", "bxor", "case", "catch", "cond",
            "div", "end", "fun", "if", "let", "maybe", "not", "of", "or", "orelse", "receive", "rem", "try", "when",
            "xor");

    /** The atom as Erlang prints it: {@code ok}, {@code 'EXIT'}, {@code 'hello world'}. */
    public static String format(String name) {
        if (!name.isEmpty()
                && !RESERVED.contains(name)
                && isLowerStart(name.codePointAt(0))
                && name.codePoints().allMatch(Atoms::isNameChar)) {
            return name;
        }
        StringBuilder quoted = new StringBuilder(name.length() + 2).append('\'');
        name.codePoints().forEach(c -> {
            switch (c) {
                case '\'' -> quoted.append("\\'");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\t' -> quoted.append("\\t");
                default -> quoted.appendCodePoint(c);
            }
        });
        return quoted.append('\'').toString();
    }

    private static boolean isLowerStart(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 0xDF && c <= 0xFF && c != 0xF7);
    }

    private static boolean isNameChar(int c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '_'
                || c == '@'
                || (c >= 0xC0 && c <= 0xFF && c != 0xD7 && c != 0xF7);
    }
}
