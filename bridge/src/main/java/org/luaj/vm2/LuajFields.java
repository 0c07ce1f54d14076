package org.luaj.vm2;

import java.lang.reflect.Field;

/**
 * LuaJ's unpublished fields and classes, looked up once by whoever needs them (debug call frames,
 * error messages, max_heap_size): a LuaJ without them gives null (or {@code Void.class}), never an error,
 * and the caller does without.
 */
public final class LuajFields {
    private LuajFields() {}

    /** The class named {@code name}, or {@code Void.class} if there is none. */
    public static Class<?> type(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            return Void.class;
        }
    }

    /** {@code owner}'s field {@code name}, made readable; null if there is none. */
    public static Field field(Class<?> owner, String name) {
        try {
            Field f = owner.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException | RuntimeException e) {
            return null;
        }
    }

    /** The field's value in {@code from}; null when the field is missing or not {@code from}'s. */
    public static Object read(Field f, Object from) {
        if (f == null) return null;
        try {
            return f.get(from);
        } catch (IllegalAccessException | IllegalArgumentException e) {
            return null;
        }
    }
}
