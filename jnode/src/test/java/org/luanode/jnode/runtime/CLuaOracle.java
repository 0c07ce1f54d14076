package org.luanode.jnode.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaString;

/**
 * C Lua 5.1 ({@code lua5.1}, which make setup installs) as a reference for tests: one process for all
 * questions, each a Lua expression; the answer is {@code tostring} of its value, or "error: " and the
 * message. Bytes come back hex-encoded, so any string survives the pipe.
 */
final class CLuaOracle implements AutoCloseable {
    private static final String LOOP = "io.stdout:setvbuf('line') "
            + "for line in io.lines() do "
            + "  local f, err = loadstring('return ' .. line) "
            + "  local s "
            + "  if not f then s = 'error: ' .. err else "
            + "    local ok, r = pcall(f) s = ok and tostring(r) or ('error: ' .. tostring(r)) end "
            + "  io.write((s:gsub('.', function(c) return string.format('%02x', c:byte()) end)), '\\n') "
            + "end";

    private final Process process;
    private final Writer in;
    private final BufferedReader out;

    CLuaOracle() throws IOException {
        try {
            process = new ProcessBuilder("lua5.1", "-e", LOOP)
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new IOException("lua5.1 (C Lua, the reference) is needed: make setup installs it", e);
        }
        in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.ISO_8859_1);
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.ISO_8859_1));
    }

    /** What C Lua makes of {@code expression} (one line of Lua), as bytes in a Latin-1 string. */
    synchronized String eval(String expression) throws IOException {
        if (expression.indexOf('\n') >= 0) throw new IllegalArgumentException("one line only: " + expression);
        in.write(expression);
        in.write('\n');
        in.flush();
        String line = out.readLine();
        if (line == null) throw new IOException("lua5.1 ended");
        return new String(HexFormat.of().parseHex(line), StandardCharsets.ISO_8859_1);
    }

    /**
     * What luanode (a state with these globals) makes of {@code expression}, which must give a string,
     * in the form {@link #eval} gives C Lua's: bytes in a Latin-1 string.
     */
    static String luanode(Globals g, String expression) {
        LuaString answer;
        try {
            answer = g.load("return " + expression, "expression").call().checkstring();
        } catch (RuntimeException e) {
            throw new AssertionError(expression, e);
        }
        return new String(answer.m_bytes, answer.m_offset, answer.m_length, StandardCharsets.ISO_8859_1);
    }

    /** A Lua literal of the string's chars taken as bytes (Latin-1), each as a decimal escape. */
    static String literal(String bytes) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : bytes.toCharArray()) b.append('\\').append((int) c);
        return b.append('"').toString();
    }

    /** A Lua literal for exactly this double (the shortest decimal that reads back as it). */
    static String literal(double v) {
        if (Double.isNaN(v)) return "(0/0)";
        if (Double.isInfinite(v)) return v > 0 ? "(1/0)" : "(-1/0)";
        if (v == 0 && 1 / v < 0) return "((function(z) return -z end)(0))"; // constants fold -0 to 0
        return "(" + Double.toString(v) + ")";
    }

    @Override
    public void close() {
        process.destroy();
    }
}
