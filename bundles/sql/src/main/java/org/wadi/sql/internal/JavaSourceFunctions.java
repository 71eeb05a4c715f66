package org.wadi.sql.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.codehaus.commons.compiler.CompileException;
import org.codehaus.commons.compiler.Location;
import org.codehaus.janino.SimpleCompiler;
import org.wadi.spi.function.StaticMethodFunction;
import org.wadi.sql.JavaUdfValidation;

/**
 * Compiles Java source functions with Janino: one compilation unit declaring one public class with
 * exactly one public static method (see {@link StaticMethodFunction}). The code sees the JDK only.
 */
final class JavaSourceFunctions {

    /** A compiled function, or why there is none. */
    record Result(StaticMethodFunction function, List<String> errors) {
    }

    private JavaSourceFunctions() {
    }

    static Result compile(String source) {
        if (source == null || source.isBlank()) {
            return new Result(null, List.of("the definition is empty: send the Java source of one public class with one"
                    + " public static method"));
        }
        List<String> errors = new ArrayList<>();
        SimpleCompiler compiler = new SimpleCompiler();
        // the JDK and nothing of the server's
        compiler.setParentClassLoader(ClassLoader.getPlatformClassLoader());
        compiler.setCompileErrorHandler((message, location) -> errors.add(at(location) + message));
        try {
            compiler.cook(source);
        } catch (CompileException e) {
            if (errors.isEmpty()) {
                errors.add(at(e.getLocation()) + stripLocation(e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            return new Result(null, errors);
        }
        List<Class<?>> publicClasses = new ArrayList<>();
        try {
            for (Map.Entry<String, byte[]> e : compiler.getBytecodes().entrySet()) {
                if (e.getKey().contains("$")) {
                    continue;
                }
                Class<?> c = compiler.getClassLoader().loadClass(e.getKey());
                if (java.lang.reflect.Modifier.isPublic(c.getModifiers())) {
                    publicClasses.add(c);
                }
            }
        } catch (ClassNotFoundException | LinkageError e) {
            return new Result(null, List.of("the compiled class could not be loaded: " + e));
        }
        if (publicClasses.size() != 1) {
            return new Result(null, List.of("the source must declare exactly one public class, the function's; it declares "
                    + publicClasses.size()));
        }
        try {
            return new Result(StaticMethodFunction.of(publicClasses.get(0)), List.of());
        } catch (IllegalArgumentException e) {
            return new Result(null, List.of(e.getMessage()));
        }
    }

    static JavaUdfValidation validate(String source) {
        Result r = compile(source);
        if (r.function() == null) {
            return new JavaUdfValidation(null, null, r.errors());
        }
        return new JavaUdfValidation(r.function().signature().name(), r.function().signature().toString(), List.of());
    }

    private static String at(Location l) {
        return l == null || l == Location.NOWHERE ? "" : "line " + l.getLineNumber() + ", column " + l.getColumnNumber()
                + ": ";
    }

    /** Janino's messages start with their location; ours say it once, in our words. */
    private static String stripLocation(String message) {
        int i = message == null ? -1 : message.indexOf(": ");
        return i > 0 && message.startsWith("Line ") ? message.substring(i + 2) : message;
    }
}
