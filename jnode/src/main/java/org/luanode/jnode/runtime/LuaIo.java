package org.luanode.jnode.runtime;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.jse.JseIoLib;

/**
 * LuaJ's io library with Lua 5.1's results where LuaJ's differ: {@code read()} without a format reads a
 * line ({@code "*l"}; LuaJ returned nil), {@code write} returns true (LuaJ returned the file, as 5.2),
 * and a failed {@code io.open} returns {@code nil, "name: reason", errno} (LuaJ: {@code nil, "io error:
 * name (reason)"}).
 */
final class LuaIo extends JseIoLib {
    private static final LuaValue LINE = LuaValue.valueOf("*l");
    private static final Pattern JAVA_FILE_ERROR = Pattern.compile("io error: (.*) \\((.*)\\)");

    @Override
    public Varargs _io_read(Varargs args) throws IOException {
        return super._io_read(args.narg() == 0 ? LINE : args);
    }

    @Override
    public Varargs _file_read(LuaValue file, Varargs formats) throws IOException {
        return super._file_read(file, formats.narg() == 0 ? LINE : formats);
    }

    @Override
    public Varargs _io_write(Varargs args) throws IOException {
        return written(super._io_write(args));
    }

    @Override
    public Varargs _file_write(LuaValue file, Varargs args) throws IOException {
        return written(super._file_write(file, args));
    }

    private static Varargs written(Varargs result) {
        return result.arg1().isnil() ? result : LuaValue.TRUE;
    }

    @Override
    public Varargs _io_open(String filename, String mode) throws IOException {
        try {
            return super._io_open(filename, mode);
        } catch (IOException e) {
            return CErrors.fileError("io error: " + e.getMessage(), filename);
        }
    }

    /** Java's file error texts as C's strerror and errno. */
    static final class CErrors {
        private CErrors() {}

        static Varargs fileError(String javaMessage, String filename) {
            Matcher m = JAVA_FILE_ERROR.matcher(javaMessage);
            String reason = m.matches() ? m.group(2) : javaMessage.replaceFirst("^io error: ", "");
            return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(filename + ": " + reason), errno(reason));
        }

        static LuaValue errno(String reason) {
            return switch (reason) {
                case "No such file or directory" -> LuaValue.valueOf(2);
                case "Permission denied" -> LuaValue.valueOf(13);
                case "File exists" -> LuaValue.valueOf(17);
                case "Is a directory" -> LuaValue.valueOf(21);
                case "Not a directory" -> LuaValue.valueOf(20);
                case "Directory not empty" -> LuaValue.valueOf(39);
                default -> LuaValue.NIL;
            };
        }
    }
}
