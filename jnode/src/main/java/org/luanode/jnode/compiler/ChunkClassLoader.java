package org.luanode.jnode.compiler;

import java.util.HashMap;
import java.util.Map;
import org.luaj.vm2.Globals;
import org.luaj.vm2.Prototype;

/**
 * The classes of one compiled chunk: one loader per chunk, so a chunk loaded twice (dofile, load of the
 * same text) gets classes of its own and the classes go when the chunk's functions are unreachable.
 * Named {@code "lua"}: stack frames of compiled Lua say so.
 */
final class ChunkClassLoader extends ClassLoader {
    static final String NAME = "lua";

    /** Class files by class name until defined (guarded by itself: classes may be loaded from any thread). */
    private final Map<String, byte[]> classFiles = new HashMap<>();
    /** Each class's Lua function prototype (for tracebacks and error messages). */
    private final Map<String, Prototype> prototypes = new HashMap<>();

    final Globals globals;
    /** The class of the chunk's main function. */
    final String mainClass;

    ChunkClassLoader(Globals globals, String mainClass) {
        super(NAME, Prototype.class.getClassLoader());
        this.globals = globals;
        this.mainClass = mainClass;
    }

    void add(String className, byte[] classFile, Prototype p) {
        classFiles.put(className, classFile);
        prototypes.put(className, p);
    }

    /** The names of the chunk's classes. */
    java.util.Set<String> classNames() {
        return java.util.Set.copyOf(prototypes.keySet());
    }

    Prototype prototype(Class<?> c) {
        return prototypes.get(c.getName());
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes;
        synchronized (classFiles) {
            bytes = classFiles.remove(name);
        }
        if (bytes == null) throw new ClassNotFoundException(name);
        return defineClass(name, bytes, 0, bytes.length);
    }
}
