package org.wadi.sql;

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
}
