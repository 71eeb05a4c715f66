package org.wadi.spi.function;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A scalar SQL function: one value out of the values of one row. Register it as an OSGi service
 * (Declarative Services: {@code @Component(service = ScalarFunction.class)}); it is usable in SQL by
 * {@link FunctionSignature#name()} from the next pipeline on.
 *
 * <p>{@link #invoke} is called for every row, from the threads of many subtasks at once: it must be
 * thread-safe and should not block (use an {@link AsyncFunction} to call other systems).
 */
@ConsumerType
public interface ScalarFunction {

    /** The name, argument and result types. Must not change while the service is registered. */
    FunctionSignature signature();

    /**
     * Computes the function.
     *
     * @param arguments one value per argument of the signature, of the Java type its SQL type has
     *     (see the package documentation); never {@code null} when the signature is strict
     * @return the result, of the Java type of the return type, or {@code null} for SQL NULL
     * @throws Exception when it cannot compute the value: the task fails with the message
     */
    Object invoke(Object[] arguments) throws Exception;
}
