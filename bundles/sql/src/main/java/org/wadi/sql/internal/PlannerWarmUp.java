package org.wadi.sql.internal;

import java.util.EnumSet;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorMetadata;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.FileAccess;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.connector.TableRole;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;
import org.wadi.sql.PlanResult;

/**
 * Plans one small pipeline when the server starts, on a background thread, so that the first
 * pipeline a user submits does not pay for loading and compiling Calcite's planner (about a second
 * on a cold JVM). It uses a private planner over an in-memory table, so it neither needs nor
 * touches the installed connectors.
 */
@Component(immediate = true)
public final class PlannerWarmUp {

    private static final Logger LOG = LoggerFactory.getLogger(PlannerWarmUp.class);

    static final String QUERY = """
            CREATE TABLE warm_in (id BIGINT, name TEXT, price DOUBLE) WITH (connector = 'warm_up');
            CREATE TABLE warm_out (id BIGINT, label TEXT) WITH (connector = 'warm_up');
            INSERT INTO warm_out
            SELECT id * 2, CASE WHEN price > 10 THEN upper(name) ELSE CAST(price AS TEXT) END
            FROM warm_in WHERE name IS NOT NULL AND id % 3 = 1;
            SELECT tumble(interval '1 second') AS window, count(*) AS n, max(price) AS top
            FROM warm_in GROUP BY window;
            """;

    private final Thread thread;

    @Activate
    public PlannerWarmUp(@Reference FileAccess files) {
        thread = new Thread(() -> warmUp(files), "wadi-sql-warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    @Deactivate
    void stop() {
        thread.interrupt();
    }

    /** Plans {@link #QUERY}; returns whether it planned (it always should: a failure is only logged). */
    static boolean warmUp(FileAccess files) {
        long start = System.nanoTime();
        Connector table = new WarmUpConnector();
        PlanResult result = new CalciteSqlPlanner(ConnectorLookup.of(Map.of("warm_up", table, "preview", table)), files)
                .plan(QUERY, 1);
        if (result.ok()) {
            LOG.debug("SQL planner warmed up in {} ms", (System.nanoTime() - start) / 1_000_000);
        } else {
            LOG.warn("SQL planner warm-up did not plan: {}", result.errors());
        }
        return result.ok();
    }

    /** A table of the declared columns that can be read and written; never run. */
    private static final class WarmUpConnector implements Connector {

        private static final ConnectorMetadata METADATA = new ConnectorMetadata("warm_up", "Warm-up", "",
                "planner warm-up table", true, true, false, true, false, true, null, null);

        @Override
        public ConnectorMetadata metadata() {
            return METADATA;
        }

        @Override
        public ConnectorTable table(TableRequest request) throws ConnectorException {
            request.options().checkAllKnown();
            Schema columns = request.columns().size() > 0 ? request.columns()
                    : Schema.of(Field.of("id", DataType.INT64));
            return new ConnectorTable(request.name(), "warm_up", Map.of(), columns,
                    EnumSet.of(TableRole.SOURCE, TableRole.SINK), true);
        }
    }
}
