package org.wadi.worker.internal.expr;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.wadi.spi.function.AggregateFunction;
import org.wadi.spi.function.AsyncFunction;
import org.wadi.spi.function.FunctionRef;
import org.wadi.spi.function.FunctionSignature;
import org.wadi.spi.function.ScalarFunction;

/**
 * Finds the function a plan's call names ({@link FunctionRef}): the service of that name registered
 * by the same bundle and version in this JVM, or the Java source function compiled here.
 */
public abstract class FunctionResolver {

    private final Map<String, ScalarFunction> compiled = new ConcurrentHashMap<>();

    /** The function services registered now, of the given type. */
    protected abstract <T> List<Registered<T>> services(Class<T> type);

    /** A function service and the bundle that registered it. */
    public record Registered<T>(T service, String bundle, String version) {
    }

    /** The scalar function of {@code ref}. */
    public ScalarFunction scalar(FunctionRef ref) throws PlanException {
        if (ref.isSource()) {
            ScalarFunction f = compiled.get(ref.source());
            if (f == null) {
                JavaSourceFunctions.Result r = JavaSourceFunctions.compile(ref.source());
                if (r.function() == null) {
                    throw new PlanException("Java function '" + ref.name() + "' does not compile here: "
                            + String.join("; ", r.errors()), "user");
                }
                f = r.function();
                compiled.putIfAbsent(ref.source(), f);
            }
            return f;
        }
        return find(ScalarFunction.class, ref, ScalarFunction::signature);
    }

    /** The aggregate function of {@code ref}. */
    @SuppressWarnings("unchecked")
    public AggregateFunction<Object> aggregate(FunctionRef ref) throws PlanException {
        return (AggregateFunction<Object>) find(AggregateFunction.class, ref, AggregateFunction::signature);
    }

    /** The async function of {@code ref}. */
    public AsyncFunction async(FunctionRef ref) throws PlanException {
        return find(AsyncFunction.class, ref, AsyncFunction::signature);
    }

    /**
     * How long a function service missing from {@link #services} is waited for: in a worker
     * process the bundle providing it has just been installed, and its services may be a moment
     * behind. None by default.
     */
    protected long serviceWaitMillis() {
        return 0;
    }

    private <T> T find(Class<T> type, FunctionRef ref, java.util.function.Function<T, FunctionSignature> signature)
            throws PlanException {
        long deadline = System.nanoTime() + serviceWaitMillis() * 1_000_000L;
        List<String> others = new ArrayList<>();
        while (true) {
            others.clear();
            for (Registered<T> r : services(type)) {
                if (!signature.apply(r.service()).name().equals(ref.name())) {
                    continue;
                }
                if (r.bundle().equals(ref.bundle()) && r.version().equals(ref.version())) {
                    return r.service();
                }
                others.add(r.bundle() + " " + r.version());
            }
            if (System.nanoTime() >= deadline) {
                break;
            }
            try {
                Thread.sleep(50); // the poll interval of a wait with a deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new PlanException("function '" + ref.name() + "' is not available: the bundle that provided it ("
                + ref.bundle() + " " + ref.version() + ") was removed"
                + (others.isEmpty() ? "" : "; it is now provided by " + String.join(", ", others)
                        + ": submit the pipeline again to use it"), "user");
    }

    /** Functions from a fixed collection, all said to come from bundle {@code bundle} {@code version} (tests). */
    public static FunctionResolver of(Collection<?> services, String bundle, String version) {
        List<Object> all = List.copyOf(services);
        return new FunctionResolver() {
            @Override
            protected <T> List<Registered<T>> services(Class<T> type) {
                List<Registered<T>> out = new ArrayList<>();
                for (Object s : all) {
                    if (type.isInstance(s)) {
                        out.add(new Registered<>(type.cast(s), bundle, version));
                    }
                }
                return out;
            }
        };
    }

    /** The function services of this bundle's framework (none outside one). */
    public static FunctionResolver osgi() {
        try {
            // outside a framework (tests, benchmarks) the OSGi API may not even be on the class path
            Class.forName("org.osgi.framework.FrameworkUtil", false, FunctionResolver.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return none();
        }
        return OsgiFunctionResolver.create();
    }

    /** No function services: Java source functions only. */
    public static FunctionResolver none() {
        return of(List.of(), "none", "0");
    }
}
