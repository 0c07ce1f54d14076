package org.luanode.bridge;

import static org.luanode.bridge.ExternalTags.*;

import com.ericsson.otp.erlang.OtpErlangBitstr;
import com.ericsson.otp.erlang.OtpErlangDecodeException;
import com.ericsson.otp.erlang.OtpErlangPid;
import com.ericsson.otp.erlang.OtpInputStream;
import java.math.BigInteger;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * Erlang's external term format read straight into Lua values, with the same mapping as
 * {@link TermBridge#toLua} but without building JInterface's object tree first: the hot path for every
 * message that arrives from another node. Pids, refs, ports and funs, which Lua keeps opaque, are read
 * by JInterface itself. Every length is checked against the buffer and nesting is limited, so malformed
 * input gets a {@link TermConversionException}, never an overflow.
 */
final class LuaTermDecoder extends ExternalFormatReader {
    private LuaTermDecoder(byte[] buf, int pos, int end) {
        super(buf, pos, end);
    }

    /** Decodes the term at {@code offset} (version byte optional); returns the value and sets where it ended. */
    static LuaValue decode(byte[] buf, int offset, int end, int[] endOut) {
        LuaTermDecoder d = new LuaTermDecoder(buf, offset, end);
        if (d.pos < end && (buf[d.pos] & 0xff) == VERSION) d.pos++;
        if (d.pos < end && (buf[d.pos] & 0xff) == COMPRESSED) {
            // compressed: the checked JInterface path handles inflating
            byte[] whole = Arrays.copyOfRange(buf, offset, end);
            LuaValue v = TermBridge.toLua(TermCodec.decodeTerm(whole));
            if (endOut != null) endOut[0] = end;
            return v;
        }
        LuaValue v = d.term(0, true);
        if (endOut != null) endOut[0] = d.pos;
        return v;
    }

    private LuaValue term(int depth, boolean top) {
        if (depth > TermBridge.MAX_DEPTH) throw error("term nested deeper than " + TermBridge.MAX_DEPTH + " levels");
        int tagAt = pos;
        int tag = u8();
        switch (tag) {
            case SMALL_INTEGER:
                return LuaInteger.valueOf(u8());
            case INTEGER:
                return LuaInteger.valueOf(s32());
            case NEW_FLOAT:
                return ErlangFloat.valueOf(Double.longBitsToDouble(s64()));
            case FLOAT: {
                need(31);
                String text = new String(buf, pos, 31, StandardCharsets.ISO_8859_1)
                        .trim()
                        .replace("\0", "");
                pos += 31;
                try {
                    return ErlangFloat.valueOf(Double.parseDouble(text));
                } catch (NumberFormatException e) {
                    throw error("bad float text");
                }
            }
            case SMALL_BIG:
                return big(u8());
            case LARGE_BIG:
                return big(len32());
            case ATOM:
                return atom(u16(), StandardCharsets.ISO_8859_1, top);
            case SMALL_ATOM:
                return atom(u8(), StandardCharsets.ISO_8859_1, top);
            case ATOM_UTF8:
                return atom(u16(), StandardCharsets.UTF_8, top);
            case SMALL_ATOM_UTF8:
                return atom(u8(), StandardCharsets.UTF_8, top);
            case NIL:
                return ErlangTypes.newTable(ErlangTypes.Kind.LIST, 0, 0);
            case STRING: {
                int n = u16();
                need(n);
                LuaTable list = ErlangTypes.newTable(ErlangTypes.Kind.LIST, n, 0);
                for (int i = 0; i < n; i++) list.rawset(i + 1, LuaInteger.valueOf(buf[pos + i] & 0xff));
                pos += n;
                return list;
            }
            case LIST: {
                int n = len32();
                if (n > end - pos) throw truncated(n);
                LuaValue[] elements = new LuaValue[n];
                for (int i = 0; i < n; i++) elements[i] = term(depth + 1, false);
                LuaTable list;
                if (pos < end && (buf[pos] & 0xff) == NIL) {
                    pos++;
                    list = ErlangTypes.newTable(ErlangTypes.Kind.LIST, n, 0);
                } else {
                    list = ErlangTypes.newImproperList(n, term(depth + 1, false));
                }
                for (int i = 0; i < n; i++) list.rawset(i + 1, elements[i]);
                return list;
            }
            case SMALL_TUPLE:
                return tuple(u8(), depth);
            case LARGE_TUPLE:
                return tuple(len32(), depth);
            case MAP: {
                int n = len32();
                if (n > (end - pos) / 2) throw truncated(2L * n);
                LuaTable map = ErlangTypes.newTable(ErlangTypes.Kind.MAP, 0, n);
                for (int i = 0; i < n; i++) {
                    LuaValue key = (buf[pos] & 0xff) == NEW_FLOAT ? floatKey() : term(depth + 1, false);
                    map.rawset(key, term(depth + 1, false));
                }
                return map;
            }
            case BINARY: {
                int n = len32();
                need(n);
                byte[] bytes = Arrays.copyOfRange(buf, pos, pos + n);
                pos += n;
                return LuaString.valueUsing(bytes);
            }
            case BIT_BINARY: {
                int n = len32();
                int bits = u8();
                need(n);
                byte[] bytes = Arrays.copyOfRange(buf, pos, pos + n);
                pos += n;
                if (bits < 1 || bits > 8) throw error("bad bit count " + bits);
                return bits == 8 ? LuaString.valueUsing(bytes) : ErlangTypes.wrap(new OtpErlangBitstr(bytes, 8 - bits));
            }
            default:
                pos = tagAt;
                return opaque(tag);
        }
    }

    private LuaValue tuple(int n, int depth) {
        if (n > end - pos) throw truncated(n);
        LuaTable t = ErlangTypes.newTable(ErlangTypes.Kind.TUPLE, n, 0);
        for (int i = 1; i <= n; i++) t.rawset(i, term(depth + 1, false));
        return t;
    }

    private LuaValue floatKey() {
        pos++;
        return ErlangTypes.floatKey(Double.longBitsToDouble(s64()));
    }

    private LuaValue atom(int n, Charset charset, boolean top) {
        need(n);
        String name = AtomTexts.text(buf, pos, n, charset == StandardCharsets.ISO_8859_1);
        pos += n;
        switch (name) {
            case "true":
                return LuaValue.TRUE;
            case "false":
                return LuaValue.FALSE;
            case "nil":
                if (top) return LuaValue.NIL;
            default:
                return Atoms.atom(name);
        }
    }

    private LuaValue big(int n) {
        int sign = u8();
        need(n);
        byte[] magnitude = new byte[n];
        for (int i = 0; i < n; i++) magnitude[n - 1 - i] = buf[pos + i]; // little-endian on the wire
        pos += n;
        BigInteger v = new BigInteger(1, magnitude);
        return ErlangTypes.integer(sign == 0 ? v : v.negate());
    }

    /** Pids, the most common opaque term (every message's sender), read directly. */
    private LuaValue pid(boolean newPid) {
        pos++; // the tag
        String node = nodeName();
        int id = s32();
        int serial = s32();
        int creation = newPid ? s32() : u8();
        return ErlangTypes.wrap(new OtpErlangPid(node, id, serial, creation));
    }

    private String nodeName() {
        int tag = u8();
        int n = switch (tag) {
            case ATOM, ATOM_UTF8 -> u16();
            case SMALL_ATOM, SMALL_ATOM_UTF8 -> u8();
            default -> throw error("expected a node name atom, found tag " + tag);
        };
        need(n);
        String name = AtomTexts.text(buf, pos, n, tag == ATOM || tag == SMALL_ATOM);
        pos += n;
        return name;
    }

    /** Refs, ports, funs: JInterface reads them, the bridge wraps them. */
    private LuaValue opaque(int tag) {
        if (tag == NEW_PID || tag == PID) return pid(tag == NEW_PID);
        switch (tag) {
            case NEW_PID:
            case PID:
            case REFERENCE:
            case NEW_REFERENCE:
            case NEWER_REFERENCE:
            case PORT:
            case NEW_PORT:
            case V4_PORT:
            case NEW_FUN:
            case EXPORT:
            case FUN:
                break;
            default:
                throw new TermConversionException("malformed Erlang term: unknown tag " + tag + " at byte " + pos);
        }
        int start = pos;
        ExternalFormatScanner.checkOne(buf, start, end, TermBridge.MAX_DEPTH);
        try {
            OtpInputStream in = new OtpInputStream(buf, start, end - start, 0);
            LuaValue v = TermBridge.toLua(in.read_any());
            pos = in.getPos(); // absolute: JInterface reads the shared buffer in place
            return v;
        } catch (OtpErlangDecodeException e) {
            throw new TermConversionException("malformed Erlang term: " + e.getMessage(), e);
        }
    }

    private int len32() {
        int n = s32();
        if (n < 0) throw error("length " + Integer.toUnsignedString(n) + " out of range");
        return n;
    }
}
