package org.luanode.jnode.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a Lua state may do (jnode --restrict): libraries taken away, and budgets for each of its
 * processes, for states that run code their node's operator does not fully trust (plugins, game rooms).
 *
 * @param withoutLibs libraries the state's code does not get: {@code os} (all but time, clock, date and
 *     difftime), {@code io} (and dofile, loadfile), {@code debug}, {@code luajava} (Java objects), {@code
 *     load} (load, loadstring, dofile, loadfile, string.dump: no code from strings or files)
 * @param maxHeapSize every process's max_heap_size in the state, in bytes, which it cannot raise or turn
 *     off (0: no cap)
 * @param maxTicks how many ticks (compiled: calls and loop iterations; interpreted: instructions) a
 *     process of the state may run in all before it is ended with reason {@code instruction_budget}
 *     (0: no budget), counted in time slices
 */
public record StateLimits(Set<String> withoutLibs, long maxHeapSize, long maxTicks) {
    /** Libraries that can be taken away. */
    public static final Set<String> LIBRARIES = Set.of("os", "io", "debug", "luajava", "load");

    public static final StateLimits NONE = new StateLimits(Set.of(), 0, 0);

    public StateLimits {
        withoutLibs = Collections.unmodifiableSet(new TreeSet<>(withoutLibs));
    }

    /**
     * Limits for each of {@code stateCount} states from jnode's --restrict specs, {@code STATES:ITEMS}: STATES
     * is a state number (from 1), a range {@code 2-4} or {@code others} (every state but the first; also
     * what a spec without {@code STATES:} means); ITEMS are library names to take away and {@code
     * heap=BYTES}, {@code ticks=N}, separated by commas. Later specs add to earlier ones.
     */
    public static StateLimits[] parse(List<String> specs, int stateCount) {
        StateLimits[] limits = new StateLimits[stateCount];
        Arrays.fill(limits, NONE);
        for (String spec : specs) {
            int colon = spec.indexOf(':');
            String states = colon < 0 ? "others" : spec.substring(0, colon);
            String items = colon < 0 ? spec : spec.substring(colon + 1);
            for (int state : states(states, stateCount)) limits[state] = limits[state].with(items, spec);
        }
        return limits;
    }

    private static List<Integer> states(String text, int stateCount) {
        List<Integer> states = new ArrayList<>();
        if (text.equals("others")) {
            for (int i = 1; i < stateCount; i++) states.add(i);
            return states;
        }
        String[] range = text.split("-", 2);
        int from, to;
        try {
            from = Integer.parseInt(range[0].trim());
            to = range.length == 2 ? Integer.parseInt(range[1].trim()) : from;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a state number, a range such as 2-4, or 'others'");
        }
        if (from < 1 || to > stateCount || from > to) {
            throw new IllegalArgumentException(
                    "states " + text + " are not among this node's 1-" + stateCount + " (--states)");
        }
        for (int i = from; i <= to; i++) states.add(i - 1);
        return states;
    }

    private StateLimits with(String items, String spec) {
        Set<String> libs = new TreeSet<>(withoutLibs);
        long heap = maxHeapSize, ticks = maxTicks;
        for (String raw : items.split(",")) {
            String item = raw.trim();
            if (item.isEmpty()) continue;
            if (item.startsWith("heap=")) heap = number(item, spec);
            else if (item.startsWith("ticks=")) ticks = number(item, spec);
            else if (LIBRARIES.contains(item)) libs.add(item);
            else {
                throw new IllegalArgumentException("'" + item + "' in '" + spec + "' is neither a library ("
                        + String.join(", ", new TreeSet<>(LIBRARIES)) + ") nor heap=BYTES or ticks=N");
            }
        }
        return new StateLimits(libs, heap, ticks);
    }

    private static long number(String item, String spec) {
        String value = item.substring(item.indexOf('=') + 1).trim();
        try {
            long n = (long) Double.parseDouble(value); // 1e9 as well as 1000000000
            if (n < 0) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + item + "' in '" + spec + "': a number >= 0 expected");
        }
    }

    /** Whether the state runs without limits. */
    public boolean isNone() {
        return withoutLibs.isEmpty() && maxHeapSize == 0 && maxTicks == 0;
    }
}
