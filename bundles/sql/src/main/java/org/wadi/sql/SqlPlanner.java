package org.wadi.sql;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Plans a pipeline's SQL: parses Arroyo's dialect, validates it against the tables it declares and
 * the connectors and functions registered now, optimises it, and translates it into a
 * {@link org.wadi.spi.plan.DataflowPlan}. An OSGi service; thread-safe.
 */
@ProviderType
public interface SqlPlanner {

    /**
     * Plans a query.
     *
     * @param query one or more statements separated by semicolons
     * @param parallelism the parallelism of every operator (at least 1)
     * @return the plan, or the diagnostics when it is not valid (never both)
     */
    PlanResult plan(String query, int parallelism);

    /**
     * Plans a query that may call Java source functions besides the registered ones.
     *
     * @param javaFunctions the sources of Java source functions the query may call (see
     *     {@link #validateJavaFunction}); each is compiled for this plan and travels in it
     */
    default PlanResult plan(String query, int parallelism, List<String> javaFunctions) {
        if (javaFunctions == null || javaFunctions.isEmpty()) {
            return plan(query, parallelism);
        }
        return new PlanResult(null, List.of(new Diagnostic("this planner has no Java source functions", null)));
    }

    /**
     * Checks a Java source function: one public class with exactly one public static method, the
     * function, named as SQL calls it (see {@link org.wadi.spi.function.StaticMethodFunction}).
     */
    default JavaUdfValidation validateJavaFunction(String source) {
        return new JavaUdfValidation(null, null, List.of("this planner has no Java source functions"));
    }
}
