package org.luanode.jnode.runtime;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * Lua 5.1's patterns and the four functions that use them (string.find, match, gmatch, gsub), written
 * from the reference manual and lstrlib's documented behaviour: character classes of the C locale,
 * sets, the four repetitions, captures and position captures, back-references, {@code %b}, the
 * frontier {@code %f} (LuaJ has none: its matcher failed with a Java index error), 5.1's rules for the
 * start position, for empty matches and for {@code '^'} in gmatch, and 5.1's error messages (LuaJ let
 * Java exception texts through for malformed patterns). Strings are bytes.
 */
final class LuaPatterns {
    private static final int MAX_CAPTURES = 32;
    private static final int CAP_UNFINISHED = -1;
    private static final int CAP_POSITION = -2;
    private static final String SPECIALS = "^$*+?.([%-";

    private LuaPatterns() {}

    static void install(LuaTable string) {
        string.set("find", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return find(args, true);
            }
        });
        string.set("match", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return find(args, false);
            }
        });
        string.set("gmatch", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return gmatch(args.checkstring(1), args.checkstring(2));
            }
        });
        string.set("gsub", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return gsub(args);
            }
        });
    }

    /** One match attempt's state: the subject, the pattern, the captures so far. */
    private static final class Matcher {
        final byte[] s;
        final int sStart;
        final int sEnd;
        final byte[] p;
        final int pEnd;
        int level;
        /**
         * What the first byte of any match must be, when the pattern's first item is a single byte or a
         * class that must occur (not '?', '*' or '-'): the byte, or the class letter in {@link
         * #firstClass}; -1 when a match may start anywhere. Positions where it fails are skipped without
         * trying the pattern (see {@link #nextStart}).
         */
        private int firstByte = -1;

        private int firstClass;
        // made at the first capture: most patterns of find, gsub and gmatch have none
        int[] captureStart;
        int[] captureLength;

        Matcher(LuaString subject, LuaString pattern) {
            s = subject.m_bytes;
            sStart = subject.m_offset;
            sEnd = subject.m_offset + subject.m_length;
            p = pattern.m_bytes;
            // as in C, the pattern ends at its first zero byte
            int end = pattern.m_offset;
            while (end < pattern.m_offset + pattern.m_length && pattern.m_bytes[end] != 0) end++;
            pEnd = end;
        }

        /** Finds what a match from pattern position {@code pi} must start with (see {@link #firstByte}). */
        void findFirstItem(int pi) {
            int opened = 0;
            while (pi < pEnd && pat(pi) == '(') { // captures open before the first item: no byte of their own
                pi += pat(pi + 1) == ')' ? 2 : 1;
                // more than the captures allowed: the first attempt must raise C's error, so try every position
                if (++opened >= MAX_CAPTURES) return;
            }
            if (pi >= pEnd) return;
            int c = pat(pi);
            int ep = pi + 1;
            int cls = 0;
            switch (c) {
                case '(', ')', '[', '.' -> {
                    return; // a capture's end or a set (malformed ones must raise their errors), any byte
                }
                case '$' -> {
                    if (pi + 1 == pEnd) return; // the anchor at the end: matches where the subject ends
                }
                case '%' -> {
                    if (pi + 1 >= pEnd) return; // malformed: the attempt raises the error
                    cls = pat(pi + 1);
                    if (cls == 'b' || cls == 'f' || (cls >= '0' && cls <= '9')) return;
                    ep = pi + 2;
                }
                default -> {}
            }
            int suffix = pat(ep);
            if (ep < pEnd && (suffix == '?' || suffix == '*' || suffix == '-')) return; // may match nothing
            firstByte = c;
            firstClass = cls;
        }

        /**
         * The first position from {@code si} where a match may start, or -1 when none can (the pattern
         * needs a first byte and none from here has it; not even the subject's end). A position skipped is
         * one where the pattern's first item fails, so trying it would give no match and no error.
         */
        int nextStart(int si) {
            if (firstByte < 0) return si;
            if (firstClass != 0) {
                while (si < sEnd && !matchClass(s[si] & 0xff, firstClass)) si++;
            } else {
                byte b = (byte) firstByte;
                while (si < sEnd && s[si] != b) si++;
            }
            return si < sEnd ? si : -1;
        }

        private int pat(int i) {
            return i < pEnd ? p[i] & 0xff : 0;
        }

        private int src(int i) {
            return i < sEnd ? s[i] & 0xff : 0;
        }

        /** Where the match of the pattern from {@code pi} at subject position {@code si} ends, or -1. */
        int match(int si, int pi) {
            while (true) {
                if (pi >= pEnd) return si;
                int c = pat(pi);
                switch (c) {
                    case '(':
                        if (pat(pi + 1) == ')') return startCapture(si, pi + 2, CAP_POSITION);
                        return startCapture(si, pi + 1, CAP_UNFINISHED);
                    case ')':
                        return endCapture(si, pi + 1);
                    case '$':
                        if (pi + 1 == pEnd) return si == sEnd ? si : -1;
                        break;
                    case '%':
                        int next = pat(pi + 1);
                        if (next == 'b') {
                            si = matchBalance(si, pi + 2);
                            if (si < 0) return -1;
                            pi += 4;
                            continue;
                        }
                        if (next == 'f') {
                            pi += 2;
                            if (pat(pi) != '[') throw new LuaError("missing '[' after '%f' in pattern");
                            int ep = classEnd(pi);
                            int previous = si == sStart ? 0 : s[si - 1] & 0xff;
                            if (matchBracketClass(previous, pi, ep - 1) || !matchBracketClass(src(si), pi, ep - 1))
                                return -1;
                            pi = ep;
                            continue;
                        }
                        if (next >= '0' && next <= '9') {
                            si = matchCapture(si, next);
                            if (si < 0) return -1;
                            pi += 2;
                            continue;
                        }
                        break;
                    default:
                        break;
                }
                // a single-character class, maybe repeated
                int ep = classEnd(pi);
                boolean m = si < sEnd && singleMatch(s[si] & 0xff, pi, ep);
                int suffix = pat(ep);
                if (ep < pEnd && suffix == '?') {
                    if (m) {
                        int res = match(si + 1, ep + 1);
                        if (res >= 0) return res;
                    }
                    pi = ep + 1;
                    continue;
                }
                if (ep < pEnd && suffix == '*') return maxExpand(si, pi, ep);
                if (ep < pEnd && suffix == '+') return m ? maxExpand(si + 1, pi, ep) : -1;
                if (ep < pEnd && suffix == '-') return minExpand(si, pi, ep);
                if (!m) return -1;
                si++;
                pi = ep;
            }
        }

        private int maxExpand(int si, int pi, int ep) {
            int i = 0;
            while (si + i < sEnd && singleMatch(s[si + i] & 0xff, pi, ep)) i++;
            for (; i >= 0; i--) {
                int res = match(si + i, ep + 1);
                if (res >= 0) return res;
            }
            return -1;
        }

        private int minExpand(int si, int pi, int ep) {
            while (true) {
                int res = match(si, ep + 1);
                if (res >= 0) return res;
                if (si < sEnd && singleMatch(s[si] & 0xff, pi, ep)) si++;
                else return -1;
            }
        }

        private int startCapture(int si, int pi, int what) {
            if (level >= MAX_CAPTURES) throw new LuaError("too many captures");
            if (captureStart == null) {
                captureStart = new int[MAX_CAPTURES];
                captureLength = new int[MAX_CAPTURES];
            }
            captureStart[level] = si;
            captureLength[level] = what;
            level++;
            int res = match(si, pi);
            if (res < 0) level--;
            return res;
        }

        private int endCapture(int si, int pi) {
            int l = captureToClose();
            captureLength[l] = si - captureStart[l];
            int res = match(si, pi);
            if (res < 0) captureLength[l] = CAP_UNFINISHED;
            return res;
        }

        private int captureToClose() {
            for (int l = level - 1; l >= 0; l--) if (captureLength[l] == CAP_UNFINISHED) return l;
            throw new LuaError("invalid pattern capture");
        }

        private int matchCapture(int si, int digit) {
            int l = checkCapture(digit);
            int len = captureLength[l];
            // a position capture never matches as a back-reference: C compares its length, -2, as a size_t
            if (len < 0 || sEnd - si < len) return -1;
            for (int i = 0; i < len; i++) if (s[captureStart[l] + i] != s[si + i]) return -1;
            return si + len;
        }

        private int checkCapture(int digit) {
            int l = digit - '1';
            if (l < 0 || l >= level || captureLength[l] == CAP_UNFINISHED) throw new LuaError("invalid capture index");
            return l;
        }

        private int matchBalance(int si, int pi) {
            if (pi >= pEnd || pi + 1 >= pEnd) throw new LuaError("unbalanced pattern");
            if (si >= sEnd || (s[si] & 0xff) != pat(pi)) return -1;
            int open = pat(pi);
            int close = pat(pi + 1);
            int depth = 1;
            while (++si < sEnd) {
                int c = s[si] & 0xff;
                if (c == close) {
                    if (--depth == 0) return si + 1;
                } else if (c == open) {
                    depth++;
                }
            }
            return -1;
        }

        /** Where the single-character class starting at {@code pi} ends. */
        private int classEnd(int pi) {
            int c = pat(pi++);
            if (c == '%') {
                if (pi >= pEnd) throw new LuaError("malformed pattern (ends with '%')");
                return pi + 1;
            }
            if (c == '[') {
                if (pat(pi) == '^') pi++;
                do {
                    if (pi >= pEnd) throw new LuaError("malformed pattern (missing ']')");
                    int d = pat(pi++);
                    if (d == '%' && pi < pEnd) pi++; // an escape such as %]
                } while (pat(pi) != ']' || pi >= pEnd);
                return pi + 1;
            }
            return pi;
        }

        private boolean singleMatch(int c, int pi, int ep) {
            return switch (pat(pi)) {
                case '.' -> true;
                case '%' -> matchClass(c, pat(pi + 1));
                case '[' -> matchBracketClass(c, pi, ep - 1);
                default -> pat(pi) == c;
            };
        }

        /** Whether {@code c} is in the set from {@code pi} ('[') to {@code ec} (']'). */
        private boolean matchBracketClass(int c, int pi, int ec) {
            boolean in = true;
            if (pat(pi + 1) == '^') {
                in = false;
                pi++;
            }
            while (++pi < ec) {
                if (pat(pi) == '%') {
                    pi++;
                    if (matchClass(c, pat(pi))) return in;
                } else if (pat(pi + 1) == '-' && pi + 2 < ec) {
                    pi += 2;
                    if (pat(pi - 2) <= c && c <= pat(pi)) return in;
                } else if (pat(pi) == c) {
                    return in;
                }
            }
            return !in;
        }

        Varargs captures(int si, int ei, boolean wholeIfNone) {
            int n = (level == 0 && wholeIfNone) ? 1 : level;
            LuaValue[] values = new LuaValue[n];
            for (int i = 0; i < n; i++) values[i] = capture(i, si, ei);
            return LuaValue.varargsOf(values);
        }

        LuaValue capture(int i, int si, int ei) {
            if (i >= level) {
                if (i == 0) return LuaString.valueOf(s, si, ei - si);
                throw new LuaError("invalid capture index");
            }
            int len = captureLength[i];
            if (len == CAP_UNFINISHED) throw new LuaError("unfinished capture");
            if (len == CAP_POSITION) return LuaValue.valueOf(captureStart[i] - sStart + 1);
            return LuaString.valueOf(s, captureStart[i], len);
        }
    }

    /** C's character classes in the "C" locale; an upper-case class letter is the complement. */
    static boolean matchClass(int c, int cl) {
        boolean res;
        switch (cl | 0x20) { // A-Z to a-z; no other byte becomes a letter
            case 'a' -> res = isAlpha(c);
            case 'c' -> res = c < 32 || c == 127;
            case 'd' -> res = c >= '0' && c <= '9';
            case 'l' -> res = c >= 'a' && c <= 'z';
            case 'p' -> res = c > 32 && c < 127 && !isAlpha(c) && !(c >= '0' && c <= '9');
            case 's' -> res = c == ' ' || (c >= '\t' && c <= '\r');
            case 'u' -> res = c >= 'A' && c <= 'Z';
            case 'w' -> res = isAlpha(c) || (c >= '0' && c <= '9');
            case 'x' -> res = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            case 'z' -> res = c == 0;
            default -> {
                return cl == c;
            }
        }
        return (cl >= 'A' && cl <= 'Z') != res;
    }

    private static boolean isAlpha(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** 5.1's relative position: negative counts from the end; below the start, 0. */
    private static int startPosition(int init, int length) {
        if (init < 0) init += length + 1;
        return Math.max(init, 0);
    }

    private static Varargs find(Varargs args, boolean find) {
        LuaString s = args.checkstring(1);
        LuaString p = args.checkstring(2);
        int l1 = s.m_length;
        int init = startPosition(args.optint(3, 1), l1) - 1;
        if (init < 0) init = 0;
        else if (init > l1) init = l1;
        if (find && (args.arg(4).toboolean() || noSpecials(p))) {
            int at = s.substring(init, l1).indexOf(p, 0);
            if (at >= 0)
                return LuaValue.varargsOf(LuaValue.valueOf(init + at + 1), LuaValue.valueOf(init + at + p.m_length));
            return LuaValue.NIL;
        }
        Matcher m = new Matcher(s, p);
        int pi = p.m_offset;
        boolean anchor = pi < m.pEnd && (p.m_bytes[pi] & 0xff) == '^';
        if (anchor) pi++;
        int si = s.m_offset + init;
        if (!anchor) m.findFirstItem(pi);
        do {
            si = m.nextStart(si);
            if (si < 0) break;
            m.level = 0;
            int end = m.match(si, pi);
            if (end >= 0) {
                if (find) {
                    Varargs caps = m.captures(si, end, false);
                    return LuaValue.varargsOf(
                            LuaValue.valueOf(si - s.m_offset + 1), LuaValue.valueOf(end - s.m_offset), caps);
                }
                return m.captures(si, end, true);
            }
        } while (si++ < m.sEnd && !anchor);
        return LuaValue.NIL;
    }

    private static boolean noSpecials(LuaString p) {
        for (int i = 0; i < p.m_length; i++) {
            int c = p.m_bytes[p.m_offset + i] & 0xff;
            if (c == 0) return true; // C's strpbrk stops at the first zero byte
            if (SPECIALS.indexOf(c) >= 0) return false;
        }
        return true;
    }

    private static Varargs gmatch(LuaString s, LuaString p) {
        Matcher m = new Matcher(s, p); // one for all the calls: each attempt starts with no captures
        m.findFirstItem(p.m_offset); // '^' is not an anchor here, as in 5.1
        return new VarArgFunction() {
            private int position = s.m_offset;

            @Override
            public Varargs invoke(Varargs ignored) {
                for (int si = position; si <= m.sEnd; si++) {
                    si = m.nextStart(si);
                    if (si < 0) break;
                    m.level = 0;
                    int end = m.match(si, p.m_offset);
                    if (end >= 0) {
                        position = end == si ? end + 1 : end;
                        return m.captures(si, end, true);
                    }
                }
                position = m.sEnd + 1;
                return LuaValue.NONE; // no values, as C's iterator ends
            }
        };
    }

    private static Varargs gsub(Varargs args) {
        LuaString src = args.checkstring(1);
        LuaString p = args.checkstring(2);
        LuaValue repl = args.arg(3);
        int type = repl.type();
        if (type != LuaValue.TNUMBER
                && type != LuaValue.TSTRING
                && type != LuaValue.TFUNCTION
                && type != LuaValue.TTABLE)
            throw new LuaError("bad argument #3 to '?' (string/function/table expected)");
        int maxN = args.optint(4, src.m_length + 1);
        Matcher m = new Matcher(src, p);
        int pi = p.m_offset;
        boolean anchor = pi < m.pEnd && (p.m_bytes[pi] & 0xff) == '^';
        if (anchor) pi++;
        ByteText out = new ByteText(src.m_length);
        int si = src.m_offset;
        int n = 0;
        if (!anchor) m.findFirstItem(pi);
        while (n < maxN) {
            int next = m.nextStart(si); // the bytes before it stay as they are
            out.write(src.m_bytes, si, (next < 0 ? m.sEnd : next) - si);
            if (next < 0) {
                si = m.sEnd;
                break;
            }
            si = next;
            m.level = 0;
            int end = m.match(si, pi);
            if (end >= 0) {
                n++;
                addValue(m, out, si, end, repl);
            }
            if (end >= 0 && end > si) si = end;
            else if (si < m.sEnd) out.write(src.m_bytes[si++]);
            else break;
            if (anchor) break;
        }
        out.write(src.m_bytes, si, m.sEnd - si);
        return LuaValue.varargsOf(out.toLuaString(), LuaValue.valueOf(n));
    }

    private static void addValue(Matcher m, ByteText out, int si, int ei, LuaValue repl) {
        LuaValue value;
        switch (repl.type()) {
            case LuaValue.TNUMBER, LuaValue.TSTRING -> {
                addString(m, out, si, ei, repl.strvalue());
                return;
            }
            case LuaValue.TFUNCTION ->
                value = repl.invoke(m.captures(si, ei, true)).arg1();
            default -> value = repl.get(m.capture(0, si, ei));
        }
        if (!value.toboolean()) {
            out.write(m.s, si, ei - si); // keep the original text
        } else if (value.type() == LuaValue.TSTRING || value.type() == LuaValue.TNUMBER) {
            LuaString v = value.strvalue();
            out.write(v.m_bytes, v.m_offset, v.m_length);
        } else {
            throw new LuaError("invalid replacement value (a " + value.typename() + ")");
        }
    }

    private static void addString(Matcher m, ByteText out, int si, int ei, LuaString news) {
        for (int i = 0; i < news.m_length; i++) {
            int c = news.m_bytes[news.m_offset + i] & 0xff;
            if (c != '%') {
                out.write(c);
                continue;
            }
            i++;
            int d = i < news.m_length ? news.m_bytes[news.m_offset + i] & 0xff : 0;
            if (d < '0' || d > '9') {
                out.write(d);
            } else if (d == '0') {
                out.write(m.s, si, ei - si);
            } else {
                LuaString cap = m.capture(d - '1', si, ei).strvalue();
                out.write(cap.m_bytes, cap.m_offset, cap.m_length);
            }
        }
    }
}
