package org.wadi.worker.internal.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.codehaus.commons.compiler.CompileException;
import org.codehaus.janino.SimpleCompiler;
import org.wadi.spi.function.StaticMethodFunction;

/**
 * Compiles the Java source functions a plan carries, as the planner did: one public class with one
 * public static method, seeing the JDK only.
 */
final class JavaSourceFunctions {

    record Result(StaticMethodFunction function, List<String> errors) {
    }

    private JavaSourceFunctions() {
    }

    static Result compile(String source) {
        List<String> errors = new ArrayList<>();
        SimpleCompiler compiler = new SimpleCompiler();
        compiler.setParentClassLoader(ClassLoader.getPlatformClassLoader());
        try {
            compiler.cook(source);
            for (Map.Entry<String, byte[]> e : compiler.getBytecodes().entrySet()) {
                if (e.getKey().contains("$")) {
                    continue;
                }
                Class<?> c = compiler.getClassLoader().loadClass(e.getKey());
                if (java.lang.reflect.Modifier.isPublic(c.getModifiers())) {
                    return new Result(StaticMethodFunction.of(c), List.of());
                }
            }
            errors.add("the source declares no public class");
        } catch (CompileException | ClassNotFoundException | IllegalArgumentException | LinkageError e) {
            errors.add(e.getMessage());
        }
        return new Result(null, errors);
    }
}
