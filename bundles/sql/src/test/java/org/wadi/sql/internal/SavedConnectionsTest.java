package org.wadi.sql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.wadi.spi.connector.ConnectionCatalog;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.SavedProfile;
import org.wadi.spi.plan.PlanNode;
import org.wadi.spi.plan.SourceOperator;
import org.wadi.sql.Diagnostic;
import org.wadi.sql.PlanResult;

/** Saved connection tables named in queries, and {@code connection_profile} in {@code WITH}. */
class SavedConnectionsTest {

    private static final String SINK = "CREATE TABLE out (counter BIGINT UNSIGNED) WITH (connector = 'single_file', "
            + "path = '/data/out.json', type = 'sink', format = 'json');\n";

    /** A catalog over maps, as the server's is over the database. */
    private static final class MapCatalog implements ConnectionCatalog {
        final Map<String, SavedProfile> profiles = new HashMap<>();
        final Map<String, String> tables = new HashMap<>();
        int tableLookups;

        @Override
        public Optional<SavedProfile> profile(String name) {
            return Optional.ofNullable(profiles.get(name));
        }

        @Override
        public Optional<String> tableStatement(String name) {
            tableLookups++;
            return Optional.ofNullable(tables.get(name));
        }
    }

    private final MapCatalog catalog = new MapCatalog();
    private final CalciteSqlPlanner planner = new CalciteSqlPlanner(TestConnectors.lookup(), TestConnectors.FILES);

    SavedConnectionsTest() {
        planner.setCatalog(catalog);
    }

    private ConnectorTable source(String sql) {
        PlanResult r = planner.plan(sql, 1);
        assertTrue(r.ok(), () -> "expected a plan, got " + r.errors());
        return r.plan().nodes().stream().map(PlanNode::operator).filter(SourceOperator.class::isInstance)
                .map(o -> ((SourceOperator) o).table()).findFirst().orElseThrow();
    }

    private Diagnostic error(String sql) {
        PlanResult r = planner.plan(sql, 1);
        assertFalse(r.ok(), "expected an error");
        return r.errors().get(0);
    }

    @Test
    void aSavedTableIsUsableByNameWithoutCreateTable() {
        catalog.tables.put("ticks", "CREATE TABLE ticks WITH (connector = 'impulse', event_rate = '5', "
                + "message_count = '12')");
        ConnectorTable t = source(SINK + "INSERT INTO out SELECT counter FROM ticks;");
        assertEquals("ticks", t.name());
        assertEquals("impulse", t.connector());
        assertEquals("12", t.option("message_count"));
        assertEquals("5.0", t.option("event_rate"));
    }

    @Test
    void aTableTheQueryDefinesWinsOverASavedOneOfTheSameName() {
        catalog.tables.put("ticks", "CREATE TABLE ticks WITH (connector = 'impulse', event_rate = '5')");
        ConnectorTable t = source("CREATE TABLE ticks WITH (connector = 'impulse', event_rate = '9', "
                + "message_count = '3');\n" + SINK + "INSERT INTO out SELECT counter FROM ticks;");
        assertEquals("3", t.option("message_count"));
        assertEquals("9.0", t.option("event_rate"));
    }

    @Test
    void aProfilesOptionsGoUnderTheTablesOwn() {
        catalog.profiles.put("bounded", new SavedProfile("bounded", "impulse",
                Map.of("event_rate", "50", "message_count", "7")));
        ConnectorTable t = source("CREATE TABLE ticks WITH (connector = 'impulse', connection_profile = 'bounded', "
                + "event_rate = '3');\n" + SINK + "INSERT INTO out SELECT counter FROM ticks;");
        assertEquals("7", t.option("message_count"), "from the profile");
        assertEquals("3.0", t.option("event_rate"), "the table's own value wins");
        assertFalse(t.options().containsKey(ConnectionCatalog.PROFILE_OPTION));
    }

    @Test
    void aSavedTableCanNameAProfile() {
        catalog.profiles.put("bounded", new SavedProfile("bounded", "impulse", Map.of("message_count", "4")));
        catalog.tables.put("ticks", "CREATE TABLE ticks WITH (connector = 'impulse', connection_profile = 'bounded')");
        assertEquals("4", source(SINK + "INSERT INTO out SELECT counter FROM ticks;").option("message_count"));
    }

    @Test
    void badProfilesAndBrokenSavedTablesAreClearErrorsAtTheirPlace() {
        Diagnostic missing = error("CREATE TABLE ticks WITH (connector = 'impulse', connection_profile = 'nope');\n"
                + SINK + "INSERT INTO out SELECT counter FROM ticks;");
        assertTrue(missing.message().contains("'nope'") && missing.message().contains("does not exist"),
                missing.message());
        assertNotNull(missing.span());
        assertEquals(1, missing.span().start().line());

        catalog.profiles.put("files", new SavedProfile("files", "single_file", Map.of()));
        Diagnostic mismatch = error("CREATE TABLE ticks WITH (connector = 'impulse', connection_profile = 'files');\n"
                + SINK + "INSERT INTO out SELECT counter FROM ticks;");
        assertTrue(mismatch.message().contains("'impulse'") && mismatch.message().contains("'single_file'"),
                mismatch.message());

        catalog.tables.put("ticks", "CREATE TABLE ticks WITH (connector = 'impulse', rate = '5')");
        Diagnostic broken = error(SINK + "INSERT INTO out\nSELECT counter FROM ticks;");
        assertTrue(broken.message().contains("Saved table 'ticks'") && broken.message().contains("rate"),
                broken.message());
        assertEquals(3, broken.span().start().line(), "at the name in the query");
    }

    @Test
    void withoutACatalogNothingIsSaved() {
        CalciteSqlPlanner plain = new CalciteSqlPlanner(TestConnectors.lookup(), TestConnectors.FILES);
        PlanResult r = plain.plan("CREATE TABLE ticks WITH (connector = 'impulse', connection_profile = 'p');\n"
                + SINK + "INSERT INTO out SELECT counter FROM ticks;", 1);
        assertFalse(r.ok());
        assertTrue(r.errors().get(0).message().contains("connection profile 'p'"), r.errors().toString());
    }
}
