package org.luanode.bridge;

import static org.luanode.bridge.ExternalTags.*;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Checks a term in Erlang's external format before anything decodes it: every length must lie inside
 * the buffer and nesting must stay within a limit. JInterface decodes recursively, so a deeply nested
 * term from the network would otherwise overflow the decoding thread's stack; this walk is iterative
 * and keeps one counter per open compound term.
 */
final class ExternalFormatScanner extends ExternalFormatReader {
    /** Inflating is bounded by the message size limit, checked against the size the term claims. */
    private static final int MAX_INFLATED = TermCodec.MAX_MESSAGE_BYTES;

    private ExternalFormatScanner(byte[] buf, int pos) {
        super(buf, pos, buf.length);
    }

    /**
     * Validates the term starting at {@code offset} (with or without the version byte) and returns the
     * offset just past it. Throws {@link TermConversionException} naming the problem and its byte offset.
     */
    static int check(byte[] buf, int offset, int maxDepth) {
        ExternalFormatScanner s = new ExternalFormatScanner(buf, offset);
        if (s.pos < buf.length && (buf[s.pos] & 0xff) == VERSION) s.pos++;
        if (s.pos < buf.length && (buf[s.pos] & 0xff) == COMPRESSED) { // compressed: check what it inflates to
            s.pos++;
            int size = (int) s.u32();
            if (size < 0 || size > MAX_INFLATED)
                throw s.error("compressed term claims " + Integer.toUnsignedString(size) + " bytes");
            byte[] inflated = inflate(buf, s.pos, size);
            int end = new ExternalFormatScanner(inflated, 0).walk(maxDepth);
            if (end != inflated.length) throw s.error("compressed term has trailing bytes");
            return buf.length;
        }
        return s.walk(maxDepth);
    }

    /** Checks one term (no version byte) that starts at {@code offset} and must end by {@code end}. */
    static int checkOne(byte[] buf, int offset, int end, int maxDepth) {
        byte[] view = end == buf.length ? buf : Arrays.copyOf(buf, end);
        return new ExternalFormatScanner(view, offset).walk(maxDepth);
    }

    private int walk(int maxDepth) {
        // pending[d] = how many more terms the compound at depth d still contains
        long[] pending = new long[Math.min(maxDepth, 64) + 2];
        int depth = 0;
        pending[0] = 1;
        while (true) {
            while (depth > 0 && pending[depth] == 0) depth--;
            if (pending[depth] == 0) return pos;
            pending[depth]--;
            long children = term();
            if (children > 0) {
                if (++depth > maxDepth) throw error("term nested deeper than " + maxDepth + " levels");
                if (depth >= pending.length)
                    pending = Arrays.copyOf(pending, Math.min(maxDepth + 2, pending.length * 2));
                pending[depth] = children;
            }
        }
    }

    /** Skips one term's own bytes and returns how many nested terms follow it. */
    private long term() {
        int tagAt = pos;
        int tag = u8();
        switch (tag) {
            case SMALL_INTEGER:
                skip(1);
                return 0; // SMALL_INTEGER
            case INTEGER:
                skip(4);
                return 0; // INTEGER
            case FLOAT:
                skip(31);
                return 0; // FLOAT (old text form)
            case NEW_FLOAT:
                skip(8);
                return 0; // NEW_FLOAT
            case ATOM:
            case ATOM_UTF8:
                skip(u16());
                return 0; // ATOM, ATOM_UTF8
            case SMALL_ATOM:
            case SMALL_ATOM_UTF8:
                skip(u8());
                return 0; // SMALL_ATOM(_UTF8)
            case NIL:
                return 0; // NIL
            case STRING:
                skip(u16());
                return 0; // STRING (charlist)
            case BINARY:
                skip(u32());
                return 0; // BINARY
            case BIT_BINARY: {
                long n = u32();
                skip(1);
                skip(n);
                return 0;
            } // BIT_BINARY
            case SMALL_BIG: {
                int n = u8();
                skip(1);
                skip(n);
                return 0;
            } // SMALL_BIG
            case LARGE_BIG: {
                long n = u32();
                skip(1);
                skip(n);
                return 0;
            } // LARGE_BIG
            case SMALL_TUPLE:
                return u8(); // SMALL_TUPLE
            case LARGE_TUPLE:
                return u32(); // LARGE_TUPLE
            case LIST:
                return u32() + 1; // LIST: elements, then the tail
            case MAP:
                return 2 * u32(); // MAP: key, value pairs
            case PID:
                nodeAtom();
                skip(9);
                return 0; // PID
            case NEW_PID:
                nodeAtom();
                skip(12);
                return 0; // NEW_PID
            case PORT:
                nodeAtom();
                skip(5);
                return 0; // PORT
            case NEW_PORT:
                nodeAtom();
                skip(8);
                return 0; // NEW_PORT
            case V4_PORT:
                nodeAtom();
                skip(12);
                return 0; // V4_PORT
            case REFERENCE:
                nodeAtom();
                skip(5);
                return 0; // REFERENCE
            case NEW_REFERENCE: {
                int n = u16();
                nodeAtom();
                skip(1 + 4L * n);
                return 0;
            } // NEW_REFERENCE
            case NEWER_REFERENCE: {
                int n = u16();
                nodeAtom();
                skip(4 + 4L * n);
                return 0;
            } // NEWER_REFERENCE
            case EXPORT:
                return 3; // EXPORT: module, function, arity
            case NEW_FUN: { // NEW_FUN: fixed header, then terms
                long size = u32();
                int start = pos - 4;
                skip(1 + 16 + 4); // arity, uniq, index
                long numFree = u32();
                if (size < 4 || start + size > buf.length) throw error("fun size out of range");
                // module, old index, old uniq, pid, then the free variables
                return 4 + numFree;
            }
            case FUN: {
                long numFree = u32();
                return 5 + numFree;
            } // FUN (old): pid, module, index, uniq, free vars
            default:
                throw new TermConversionException("malformed Erlang term: unknown tag " + tag + " at byte " + tagAt);
        }
    }

    private void nodeAtom() {
        int tag = u8();
        switch (tag) {
            case ATOM:
            case ATOM_UTF8:
                skip(u16());
                break;
            case SMALL_ATOM:
            case SMALL_ATOM_UTF8:
                skip(u8());
                break;
            default:
                throw error("expected a node name atom, found tag " + tag);
        }
    }

    private static byte[] inflate(byte[] buf, int offset, int size) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(buf, offset, buf.length - offset);
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(size, 1 << 20));
            byte[] chunk = new byte[8192];
            while (!inflater.finished() && out.size() <= size) {
                int n = inflater.inflate(chunk);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) break;
                out.write(chunk, 0, n);
            }
            if (out.size() != size)
                throw new TermConversionException(
                        "malformed Erlang term: compressed data does not inflate to the size it claims");
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new TermConversionException("malformed Erlang term: bad compressed data: " + e.getMessage());
        } finally {
            inflater.end();
        }
    }
}
