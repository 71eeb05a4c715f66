package org.wadi.worker.internal.expr;

import java.util.Arrays;
import org.wadi.spi.function.ScalarFunction;

/** What generated code calls to run a user-defined scalar function; public for the generated classes. */
public final class UserFunctionCalls {

    private UserFunctionCalls() {
    }

    /**
     * Calls {@code function}, turning its failure into an unchecked exception that names the
     * function and the arguments (the task fails with that message).
     */
    public static Object call(ScalarFunction function, Object[] arguments) {
        try {
            return function.invoke(arguments);
        } catch (RuntimeException e) {
            throw new UserFunctionException(function, arguments, e);
        } catch (Exception e) {
            throw new UserFunctionException(function, arguments, e);
        }
    }

    /** A user-defined function failed on a row. */
    public static final class UserFunctionException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        UserFunctionException(ScalarFunction function, Object[] arguments, Exception cause) {
            super("function '" + function.signature().name() + "' failed on " + describe(arguments) + ": "
                    + cause, cause);
        }

        private static String describe(Object[] arguments) {
            String s = Arrays.deepToString(arguments);
            return s.length() > 200 ? s.substring(0, 200) + "…" : s;
        }
    }
}
