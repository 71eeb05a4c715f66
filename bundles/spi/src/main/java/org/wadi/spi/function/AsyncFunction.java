package org.wadi.spi.function;

import java.util.concurrent.CompletableFuture;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * An asynchronous scalar SQL function: for functions that wait on something (an HTTP service, a
 * database, a model server). Register it as an OSGi service
 * ({@code @Component(service = AsyncFunction.class)}). SQL calls it as any function, in a
 * {@code SELECT} list; the planner runs those calls in an operator of their own that keeps up to
 * {@link AsyncOptions#maxConcurrency()} calls in flight per subtask, emits rows in input order or as
 * they complete ({@link AsyncOptions#ordered()}), and fails the task when a call takes longer than
 * {@link AsyncOptions#timeout()}. Calls in flight are completed before a checkpoint is taken, so
 * results are exactly-once.
 */
@ConsumerType
public interface AsyncFunction {

    /** The name, argument and result types. */
    FunctionSignature signature();

    /** How calls are run; Arroyo's defaults unless overridden. */
    default AsyncOptions options() {
        return AsyncOptions.DEFAULT;
    }

    /**
     * Starts computing the function for one row. Must not block: return a future completed later,
     * from any thread.
     *
     * @param arguments one value per argument of the signature (see {@link ScalarFunction#invoke})
     * @return the result (of the Java type of the return type, or {@code null} for SQL NULL), or a
     *     future completed exceptionally when it cannot be computed: the task then fails with that
     *     message
     */
    CompletableFuture<Object> invoke(Object[] arguments);
}
