package org.luanode.jnode.dist;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangBinary;
import com.ericsson.otp.erlang.OtpErlangList;
import com.ericsson.otp.erlang.OtpErlangLong;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangString;
import com.ericsson.otp.erlang.OtpErlangTuple;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one Erlang term written as text, the way {@code file:consult/1} reads a configuration file (erl's
 * {@code -ssl_dist_optfile}): lists, tuples, atoms (bare or quoted), strings, binaries of a string
 * ({@code <<"...">>}), integers, and {@code %} comments; a final full stop is optional. Enough for
 * configuration; expressions, variables and floats are refused with the line where they stand.
 */
final class TermText {
    /** Text that is not such a term; the message names the line. */
    static final class SyntaxError extends IllegalArgumentException {
        SyntaxError(String message) {
            super(message);
        }
    }

    private final String text;
    private int pos;

    private TermText(String text) {
        this.text = text;
    }

    static OtpErlangObject parse(String text) {
        TermText reader = new TermText(text);
        OtpErlangObject term = reader.term();
        reader.skipBlank();
        if (reader.peek() == '.') reader.pos++;
        reader.skipBlank();
        if (reader.pos < text.length()) throw reader.error("text after the term");
        return term;
    }

    private OtpErlangObject term() {
        skipBlank();
        char c = peek();
        if (c == '[') return sequence('[', ']', true);
        if (c == '{') return sequence('{', '}', false);
        if (c == '"') return new OtpErlangString(quoted('"'));
        if (c == '\'') return new OtpErlangAtom(quoted('\''));
        if (c == '<' && text.startsWith("<<", pos)) return binary();
        if (c == '-' || Character.isDigit(c)) return integer();
        if (Character.isLowerCase(c)) return new OtpErlangAtom(bareAtom());
        throw error(c == 0 ? "the text ends where a term should be" : "unexpected '" + c + "'");
    }

    private OtpErlangObject sequence(char open, char close, boolean list) {
        pos++; // the opening bracket
        List<OtpErlangObject> items = new ArrayList<>();
        skipBlank();
        if (peek() == close) {
            pos++;
        } else {
            while (true) {
                items.add(term());
                skipBlank();
                char c = peek();
                pos++;
                if (c == close) break;
                if (c != ',') throw error("expected ',' or '" + close + "'");
            }
        }
        OtpErlangObject[] array = items.toArray(OtpErlangObject[]::new);
        return list ? new OtpErlangList(array) : new OtpErlangTuple(array);
    }

    private OtpErlangObject binary() {
        pos += 2;
        skipBlank();
        String s = peek() == '"' ? quoted('"') : "";
        skipBlank();
        if (!text.startsWith(">>", pos)) throw error("expected >> (only binaries of a string are read)");
        pos += 2;
        return new OtpErlangBinary(s.getBytes(StandardCharsets.UTF_8));
    }

    private OtpErlangObject integer() {
        int start = pos;
        if (peek() == '-') pos++;
        while (Character.isDigit(peek())) pos++;
        if (peek() == '.' && pos + 1 < text.length() && Character.isDigit(text.charAt(pos + 1)))
            throw error("floats are not read here");
        String digits = text.substring(start, pos);
        if (digits.equals("-")) throw error("expected a number after '-'");
        return new OtpErlangLong(new BigInteger(digits));
    }

    private String bareAtom() {
        int start = pos;
        while (Character.isLetterOrDigit(peek()) || peek() == '_' || peek() == '@') pos++;
        return text.substring(start, pos);
    }

    private String quoted(char quote) {
        int line = line();
        pos++;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= text.length()) throw new SyntaxError("line " + line + ": unterminated " + quote + " quote");
            char c = text.charAt(pos++);
            if (c == quote) return out.toString();
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (pos >= text.length()) continue;
            char e = text.charAt(pos++);
            out.append(
                    switch (e) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        case 'r' -> '\r';
                        case 's' -> ' ';
                        case 'e' -> (char) 27;
                        case '0' -> (char) 0;
                        default -> e; // \\ \" \' and the rest stand for themselves
                    });
        }
    }

    private void skipBlank() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '%') {
                while (pos < text.length() && text.charAt(pos) != '\n') pos++;
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else {
                return;
            }
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : 0;
    }

    private int line() {
        int line = 1;
        for (int i = 0; i < Math.min(pos, text.length()); i++) if (text.charAt(i) == '\n') line++;
        return line;
    }

    private SyntaxError error(String what) {
        return new SyntaxError("line " + line() + ": " + what);
    }
}
