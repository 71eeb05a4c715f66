package org.wadi.sql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.wadi.sql.Diagnostic;
import org.wadi.sql.PlanResult;
import org.wadi.sql.SqlPlanner;

/**
 * {@code SELECT … AS _timestamp}: Arroyo takes the column as the rows' new event time while the
 * watermarks stay those of the input, so rows moved behind them are dropped downstream as late
 * without a word. Wadi refuses it, says why, and points at declaring the event time on the source;
 * reading the event time under another name stays possible.
 */
class EventTimeProjectionTest {

    private static final String EVENTS = "CREATE TABLE events (id BIGINT, ts TIMESTAMP NOT NULL, happened TIMESTAMP) "
            + "WITH (connector = 'single_file', path = '/data/events.json', format = 'json', type = 'source', "
            + "event_time_field = 'ts');\n";

    private final SqlPlanner planner = new CalciteSqlPlanner(TestConnectors.lookup(), TestConnectors.FILES);

    @Test
    void aProjectionCannotReassignTheEventTime() {
        PlanResult result = planner.plan(EVENTS + "SELECT id, happened AS _timestamp FROM events", 1);
        assertFalse(result.ok());
        Diagnostic d = result.errors().get(0);
        assertTrue(d.message().startsWith("An output column cannot be named '_timestamp': the name is reserved for "
                + "the event time, which a query cannot reassign"), d.message());
        assertTrue(d.message().contains("event_time_field = 'column' or WATERMARK FOR column"), d.message());
        assertEquals(new Diagnostic.Position(2, 12), d.span().start(), "the select item");
    }

    @Test
    void theEventTimeCanBeReadUnderAnotherNameAndDeclaredOnTheSource() {
        assertTrue(planner.plan(EVENTS + "SELECT id, _timestamp AS event_time FROM events", 1).ok());
        String declared = "CREATE TABLE events (id BIGINT, happened TIMESTAMP NOT NULL) WITH (connector = 'single_file', "
                + "path = '/data/events.json', format = 'json', type = 'source', event_time_field = 'happened');\n"
                + "SELECT tumble(interval '1 minute') AS w, count(*) AS n FROM events GROUP BY w";
        PlanResult result = planner.plan(declared, 1);
        assertTrue(result.ok(), () -> result.errors().toString());
    }
}
