package org.wadi.spi.function;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.wadi.spi.types.DataType;

/**
 * A scalar function made of one public static method: the format of Java source functions
 * ({@code POST /api/v1/udfs} with {@code "language": "java"}), usable by function bundles as well.
 *
 * <p>The function's SQL name is the method's name in lower case. Parameter and return types map to
 * SQL types: {@code boolean}/{@link Boolean} BOOLEAN, {@code byte}/{@link Byte} TINYINT,
 * {@code short}/{@link Short} SMALLINT, {@code int}/{@link Integer} INT, {@code long}/{@link Long}
 * BIGINT, {@code float}/{@link Float} REAL, {@code double}/{@link Double} DOUBLE, {@link String}
 * TEXT, {@code byte[]} BYTEA. A method with a primitive parameter is strict (NULL in any argument
 * gives NULL without a call); one whose parameters are all reference types receives {@code null}s.
 * A primitive result is never NULL; a reference result may be {@code null}.
 */
public final class StaticMethodFunction implements ScalarFunction {

    private static final Map<Class<?>, DataType> TYPES = Map.ofEntries(
            Map.entry(boolean.class, DataType.BOOLEAN), Map.entry(Boolean.class, DataType.BOOLEAN),
            Map.entry(byte.class, DataType.INT8), Map.entry(Byte.class, DataType.INT8),
            Map.entry(short.class, DataType.INT16), Map.entry(Short.class, DataType.INT16),
            Map.entry(int.class, DataType.INT32), Map.entry(Integer.class, DataType.INT32),
            Map.entry(long.class, DataType.INT64), Map.entry(Long.class, DataType.INT64),
            Map.entry(float.class, DataType.FLOAT32), Map.entry(Float.class, DataType.FLOAT32),
            Map.entry(double.class, DataType.FLOAT64), Map.entry(Double.class, DataType.FLOAT64),
            Map.entry(String.class, DataType.UTF8), Map.entry(byte[].class, DataType.BINARY));

    private final Method method;
    private final FunctionSignature signature;
    private final MethodHandle handle;

    private StaticMethodFunction(Method method, FunctionSignature signature, MethodHandle handle) {
        this.method = method;
        this.signature = signature;
        this.handle = handle;
    }

    /**
     * The function of the one public static method {@code type} declares.
     *
     * @throws IllegalArgumentException saying what is wrong, when {@code type} has no such method,
     *     several, or one of types that have no SQL type
     */
    public static StaticMethodFunction of(Class<?> type) {
        List<Method> candidates = new ArrayList<>();
        for (Method m : type.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers()) && !m.isSynthetic()) {
                candidates.add(m);
            }
        }
        if (candidates.size() != 1) {
            throw new IllegalArgumentException("class " + type.getName() + " must declare exactly one public static"
                    + " method, the function; it declares " + candidates.size()
                    + (candidates.isEmpty() ? "" : ": " + String.join(", ", candidates.stream().map(Method::getName).toList()))
                    + " (make helper methods private)");
        }
        return of(candidates.get(0));
    }

    /**
     * The function of a public static method.
     *
     * @throws IllegalArgumentException when a parameter or the result has no SQL type
     */
    public static StaticMethodFunction of(Method method) {
        if (!Modifier.isStatic(method.getModifiers()) || !Modifier.isPublic(method.getModifiers())) {
            throw new IllegalArgumentException("method " + method.getName() + " must be public and static");
        }
        String name = method.getName().toLowerCase(Locale.ROOT);
        List<DataType> arguments = new ArrayList<>();
        boolean strict = false;
        Class<?>[] params = method.getParameterTypes();
        for (int i = 0; i < params.length; i++) {
            arguments.add(sqlType(params[i], "parameter " + (i + 1) + " of " + method.getName()));
            strict |= params[i].isPrimitive();
        }
        if (method.getReturnType() == void.class) {
            throw new IllegalArgumentException("method " + method.getName() + " must return a value");
        }
        DataType result = sqlType(method.getReturnType(), "the result of " + method.getName());
        FunctionSignature signature = new FunctionSignature(name, arguments, result, true, strict);
        MethodHandle handle;
        try {
            handle = MethodHandles.publicLookup().unreflect(method)
                    .asType(MethodType.methodType(Object.class, params))
                    .asSpreader(Object[].class, params.length);
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException("method " + method.getName() + " cannot be called: its class must be"
                    + " public", e);
        }
        return new StaticMethodFunction(method, signature, handle);
    }

    private static DataType sqlType(Class<?> type, String what) {
        DataType t = TYPES.get(type);
        if (t == null) {
            throw new IllegalArgumentException(what + " is a " + type.getSimpleName() + ", which has no SQL type; use"
                    + " boolean, byte, short, int, long, float, double (or their boxes), String or byte[]");
        }
        return t;
    }

    /** The method. */
    public Method method() {
        return method;
    }

    @Override
    public FunctionSignature signature() {
        return signature;
    }

    @Override
    public Object invoke(Object[] arguments) throws Exception {
        try {
            return (Object) handle.invokeExact(arguments);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
