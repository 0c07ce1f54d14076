package org.luanode.jnode.runtime;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.time.temporal.IsoFields;
import java.util.Locale;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * The os functions whose LuaJ versions give other results than C Lua 5.1's: {@code os.time()} is a whole
 * number of seconds (LuaJ: fractional), {@code os.clock()} is the CPU time of the process (LuaJ: wall
 * time), {@code os.date} writes as C's strftime in the C locale and gives tables for {@code "*t"} and
 * {@code "!*t"}, and {@code os.tmpname} makes a file in the temporary directory (LuaJ: in the working directory), and
 * {@code os.remove}/{@code os.rename} fail with {@code nil, "name: reason", errno}.
 */
final class LuaOs {
    private LuaOs() {}

    static void install(LuaTable os) {
        LuaValue luajTime = os.get("time");
        os.set("time", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                if (args.arg1().isnil()) return LuaValue.valueOf(Math.floor(System.currentTimeMillis() / 1000.0));
                return LuaValue.valueOf(Math.floor(luajTime.call(args.arg1()).todouble()));
            }
        });
        os.set("clock", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return LuaValue.valueOf(processCpuNanos() / 1e9);
            }
        });
        os.set("date", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                String format = args.optjstring(1, "%c");
                long time = args.isnoneornil(2) ? System.currentTimeMillis() / 1000 : (long) args.checkdouble(2);
                ZoneId zone = ZoneId.systemDefault();
                if (format.startsWith("!")) {
                    zone = ZoneOffset.UTC;
                    format = format.substring(1);
                }
                ZonedDateTime t = Instant.ofEpochSecond(time).atZone(zone);
                return format.startsWith("*t") ? table(t) : LuaValue.valueOf(strftime(format, t));
            }
        });
        os.set("remove", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                String name = args.checkjstring(1);
                try {
                    Files.delete(Path.of(name));
                    return LuaValue.TRUE;
                } catch (IOException e) {
                    return failure(name, e);
                }
            }
        });
        os.set(
                "tmpname",
                new VarArgFunction() { // C's: a new empty file in the temporary directory
                    @Override
                    public Varargs invoke(Varargs args) {
                        try {
                            return LuaValue.valueOf(
                                    Files.createTempFile("lua_", "").toString());
                        } catch (IOException e) {
                            throw new LuaError("unable to generate a unique filename");
                        }
                    }
                });
        os.set("rename", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                String from = args.checkjstring(1);
                String to = args.checkjstring(2);
                try {
                    Files.move(Path.of(from), Path.of(to), StandardCopyOption.REPLACE_EXISTING);
                    return LuaValue.TRUE;
                } catch (IOException e) {
                    return failure(from, e);
                }
            }
        });
    }

    /**
     * {@code os.exit([code])}: the node stops with that status (true 0, false 1), as after erlang:halt
     * from a peer: what processes sent still goes out, the port mapper forgets the node. The calling
     * process never continues. (LuaJ's exited the JVM from the Lua thread, whose own stop then waited for
     * that thread: 5 s, then status 143.)
     */
    static void installExit(LuaTable os, NodeRuntime runtime) {
        os.set("exit", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                LuaValue code = args.arg1();
                int status = code.isnil() || code.isboolean() && code.toboolean()
                        ? 0
                        : code.isboolean() ? 1 : args.checkint(1) & 0xff;
                runtime.globals().STDOUT.flush();
                runtime.processes.requestStop(status);
                LuaProcess self = runtime.current();
                if (self == null) Runtime.getRuntime().halt(status); // not in a process: nothing to stop
                while (true) runtime.processes.sleep(self, 60_000); // until the node stops
            }
        });
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os)
            return os.getProcessCpuTime();
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static Varargs failure(String name, IOException e) {
        String reason = switch (e) {
            case NoSuchFileException ignored -> "No such file or directory";
            case AccessDeniedException ignored -> "Permission denied";
            case FileAlreadyExistsException ignored -> "File exists";
            case DirectoryNotEmptyException ignored -> "Directory not empty";
            default -> e.getMessage();
        };
        return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(name + ": " + reason), LuaIo.CErrors.errno(reason));
    }

    private static LuaTable table(ZonedDateTime t) {
        LuaTable d = new LuaTable();
        d.set("year", t.getYear());
        d.set("month", t.getMonthValue());
        d.set("day", t.getDayOfMonth());
        d.set("hour", t.getHour());
        d.set("min", t.getMinute());
        d.set("sec", t.getSecond());
        d.set("wday", t.getDayOfWeek().getValue() % 7 + 1);
        d.set("yday", t.getDayOfYear());
        d.set("isdst", LuaValue.valueOf(t.getZone().getRules().isDaylightSavings(t.toInstant())));
        return d;
    }

    /** C's strftime in the "C" locale. */
    static String strftime(String format, ZonedDateTime t) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 == format.length()) {
                out.append(c);
                continue;
            }
            char spec = format.charAt(++i);
            switch (spec) {
                case 'a' -> out.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.US));
                case 'A' -> out.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.US));
                case 'b', 'h' -> out.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.US));
                case 'B' -> out.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.US));
                case 'c' -> out.append(strftime("%a %b %e %H:%M:%S %Y", t));
                case 'C' -> out.append(two(t.getYear() / 100));
                case 'd' -> out.append(two(t.getDayOfMonth()));
                case 'D' -> out.append(strftime("%m/%d/%y", t));
                case 'e' -> out.append(String.format("%2d", t.getDayOfMonth()));
                case 'F' -> out.append(strftime("%Y-%m-%d", t));
                case 'g' -> out.append(two(t.get(IsoFields.WEEK_BASED_YEAR) % 100));
                case 'G' -> out.append(t.get(IsoFields.WEEK_BASED_YEAR));
                case 'H' -> out.append(two(t.getHour()));
                case 'I' -> out.append(two(t.getHour() % 12 == 0 ? 12 : t.getHour() % 12));
                case 'j' -> out.append(String.format("%03d", t.getDayOfYear()));
                case 'm' -> out.append(two(t.getMonthValue()));
                case 'M' -> out.append(two(t.getMinute()));
                case 'n' -> out.append('\n');
                case 'p' -> out.append(t.getHour() < 12 ? "AM" : "PM");
                case 'r' -> out.append(strftime("%I:%M:%S %p", t));
                case 'R' -> out.append(strftime("%H:%M", t));
                case 's' -> out.append(t.toEpochSecond());
                case 'S' -> out.append(two(t.getSecond()));
                case 't' -> out.append('\t');
                case 'T', 'X' -> out.append(strftime("%H:%M:%S", t));
                case 'u' -> out.append(t.getDayOfWeek().getValue());
                case 'U' ->
                    out.append(two((t.getDayOfYear() + 6 - t.getDayOfWeek().getValue() % 7) / 7));
                case 'V' -> out.append(two(t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)));
                case 'w' -> out.append(t.getDayOfWeek().getValue() % 7);
                case 'W' ->
                    out.append(two((t.getDayOfYear() + 6 - (t.getDayOfWeek().getValue() + 6) % 7) / 7));
                case 'x' -> out.append(strftime("%m/%d/%y", t));
                case 'y' -> out.append(two(t.getYear() % 100));
                case 'Y' -> out.append(t.getYear());
                case 'z' -> {
                    int s = t.getOffset().getTotalSeconds();
                    out.append(s < 0 ? '-' : '+')
                            .append(two(Math.abs(s) / 3600))
                            .append(two(Math.abs(s) % 3600 / 60));
                }
                case 'Z' ->
                    out.append(
                            t.getZone() instanceof ZoneOffset
                                    ? "GMT"
                                    : t.getZone().getDisplayName(TextStyle.SHORT, Locale.US));
                case '%' -> out.append('%');
                default ->
                    throw new LuaError("bad argument #1 to 'date' (invalid conversion specifier '%" + spec + "')");
            }
        }
        return out.toString();
    }

    private static String two(int n) {
        return n < 10 ? "0" + n : Integer.toString(n);
    }
}
