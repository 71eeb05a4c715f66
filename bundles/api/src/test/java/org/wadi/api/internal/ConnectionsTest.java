package org.wadi.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.wadi.api.service.ApiException;
import org.wadi.api.service.ConnectionProfile;
import org.wadi.api.service.ConnectionProfilePost;
import org.wadi.api.service.ConnectionSchema;
import org.wadi.api.service.ConnectionTable;
import org.wadi.api.service.ConnectionTableCollection;
import org.wadi.api.service.ConnectionTablePost;
import org.wadi.api.service.SchemaDefinition;
import org.wadi.api.service.SourceField;
import org.wadi.api.service.TestSourceMessage;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorMetadata;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.FileAccess;
import org.wadi.spi.connector.Options;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.connector.TableRole;
import org.wadi.spi.connector.TestResult;

/**
 * The connector catalog, profiles and tables through the resources over the real service, a store
 * in memory (the store's own test runs on PostgreSQL) and small connectors shaped as Kafka's and
 * impulse's.
 */
class ConnectionsTest {

    private static final String PASSWORD = "pa55-w0rd-xyz";
    private static final String TOKEN = "tok-123456";
    private static final FileAccess FILES = path -> java.nio.file.Path.of("/data").resolve(path);

    /** Kafka's shape: a profile schema with a password, tables with a topic; the test connects if the password is right. */
    static final class Broker implements Connector {
        @Override
        public ConnectorMetadata metadata() {
            return new ConnectorMetadata("broker", "Broker", "", "a broker", true, true, false, true, true, false,
                    "{\"type\":\"object\",\"properties\":{\"bootstrap_servers\":{\"type\":\"string\"},"
                            + "\"auth\":{\"type\":\"object\",\"properties\":{\"username\":{\"type\":\"string\"},"
                            + "\"secret_phrase\":{\"type\":\"string\",\"format\":\"password\"}}}},"
                            + "\"required\":[\"bootstrap_servers\"]}",
                    "{\"type\":\"object\",\"properties\":{\"topic\":{\"type\":\"string\"},"
                            + "\"type\":{\"type\":\"string\"},\"api_token\":{\"type\":\"string\"}}}");
        }

        @Override
        public ConnectorTable table(TableRequest request) throws ConnectorException {
            Options o = request.options();
            o.required("bootstrap_servers");
            o.optional("auth.username");
            o.optional("auth.secret_phrase");
            o.optional("api_token");
            o.optional("format");
            String topic = o.required("topic");
            String type = o.choice("type", "source", "source", "sink");
            o.checkAllKnown();
            if (topic.contains(" ")) {
                throw new ConnectorException("Invalid value '" + topic + "' for option 'topic'");
            }
            return new ConnectorTable(request.name(), "broker", o.asMap(), request.columns(),
                    Set.of(type.equals("sink") ? TableRole.SINK : TableRole.SOURCE), false);
        }

        @Override
        public TestResult test(Map<String, String> profile, Map<String, String> table) {
            boolean ok = PASSWORD.equals(profile.get("auth.secret_phrase"));
            return new TestResult(ok, ok ? "reached " + profile.get("bootstrap_servers")
                    : "authentication failed with password " + profile.get("auth.secret_phrase"));
        }

        @Override
        public Map<String, List<String>> autocomplete(Map<String, String> profile) {
            return Map.of("topic", List.of("orders", "payments"));
        }
    }

    private final ObjectMapper json = ApiJson.newMapper();
    private final FakeConnectionStore store = new FakeConnectionStore();
    private final DefaultConnectionService service =
            new DefaultConnectionService(store, FILES, ApiSettings.defaults(), Clock.systemUTC());
    private final ConnectorsResource connectors = new ConnectorsResource(service);
    private final ConnectionProfilesResource profiles = new ConnectionProfilesResource(service);
    private final ConnectionTablesResource tables = new ConnectionTablesResource(service);

    ConnectionsTest() {
        service.addConnector(new Broker());
        service.addConnector(new ImpulseLike());
    }

    /** impulse's shape: no profile schema, a table schema, no connection test. */
    static class ImpulseLike implements Connector {
        @Override
        public ConnectorMetadata metadata() {
            return new ConnectorMetadata("impulse", "Impulse", "", "ticks", true, false, false, false, false, false,
                    null, "{\"type\":\"object\",\"properties\":{\"event_rate\":{\"type\":\"number\"},"
                            + "\"message_count\":{\"type\":\"integer\"}}}");
        }

        @Override
        public ConnectorTable table(TableRequest request) throws ConnectorException {
            Options o = request.options();
            o.doubleValue("event_rate", 1);
            o.longValue("message_count", -1);
            o.checkAllKnown();
            return new ConnectorTable(request.name(), "impulse", o.asMap(), request.columns(), Set.of(TableRole.SOURCE),
                    true);
        }
    }

    private static Map<String, Object> brokerProfile() {
        Map<String, Object> auth = new LinkedHashMap<>();
        auth.put("username", "alice");
        auth.put("secret_phrase", PASSWORD);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("bootstrap_servers", "127.0.0.1:9092");
        config.put("auth", auth);
        return config;
    }

    private ConnectionProfile profile(String name) {
        return profiles.create(new ConnectionProfilePost(name, "broker", brokerProfile()));
    }

    private static ApiException status(int status, Runnable r) {
        ApiException e = assertThrows(ApiException.class, r::run);
        assertEquals(status, e.status(), e.getMessage());
        return e;
    }

    @Test
    void connectorsAreListedInArroyosShapeAsTheyComeAndGo() throws Exception {
        JsonNode list = json.readTree(json.writeValueAsString(connectors.list()));
        assertEquals(2, list.get("data").size());
        JsonNode broker = list.get("data").get(0);
        assertEquals("broker", broker.get("id").asText());
        Set<String> names = new HashSet<>();
        broker.fieldNames().forEachRemaining(names::add);
        assertEquals(Set.of("id", "name", "icon", "description", "table_config", "enabled", "source", "sink",
                "custom_schemas", "testing", "hidden", "connection_config"), names);
        assertTrue(broker.get("connection_config").asText().contains("secret_phrase"));
        assertTrue(list.get("data").get(1).get("connection_config").isNull());

        Connector extra = new ImpulseLike() {
            @Override
            public ConnectorMetadata metadata() {
                return new ConnectorMetadata("zeta", "Zeta", "", "", true, false, false, false, false, true, null, null);
            }
        };
        service.addConnector(extra, Map.of(Connector.NAME_PROPERTY, "zeta"));
        assertEquals(List.of("broker", "impulse", "zeta"),
                connectors.list().data().stream().map(org.wadi.api.service.Connector::id).toList());
        service.removeConnector(extra, Map.of(Connector.NAME_PROPERTY, "zeta"));
        assertEquals(2, connectors.list().data().size());
    }

    @Test
    void profileSecretsAreMaskedInAnswersAndMarkedForEncryption() throws Exception {
        ConnectionProfile p = profile("cluster");
        assertTrue(p.id().startsWith("cp_"), p.id());
        String body = json.writeValueAsString(p);
        assertFalse(body.contains(PASSWORD), body);
        assertEquals(Secrets.MASK, p.config().get("auth.secret_phrase"));
        assertEquals("alice", p.config().get("auth.username"));
        assertFalse(json.writeValueAsString(profiles.list()).contains(PASSWORD));

        org.wadi.store.ConnectionProfile saved = store.profiles.get(p.id());
        assertEquals(PASSWORD, saved.options().get("auth.secret_phrase"), "the store gets it in clear to encrypt");
        assertEquals(Set.of("auth.secret_phrase"), saved.secretKeys());
        assertFalse(saved.description().contains(PASSWORD), saved.description());

        status(409, () -> profile("cluster"));
    }

    @Test
    void badProfilesAreRefusedNamingWhatIsWrong() {
        String unknownConnector = status(400, () -> profiles.create(new ConnectionProfilePost("p", "kafka",
                Map.of()))).getMessage();
        assertTrue(unknownConnector.contains("'kafka'") && unknownConnector.contains("broker, impulse"),
                unknownConnector);

        Map<String, Object> bad = brokerProfile();
        bad.put("bootstrap_servrs", "x");
        String unknownKey = status(400, () -> profiles.create(new ConnectionProfilePost("p", "broker", bad)))
                .getMessage();
        assertTrue(unknownKey.contains("Unsupported: bootstrap_servrs") && unknownKey.contains("Supported: ")
                && unknownKey.contains("auth.secret_phrase"), unknownKey);

        String missing = status(400, () -> profiles.create(new ConnectionProfilePost("p", "broker",
                Map.of("auth", Map.of("username", "bob"))))).getMessage();
        assertTrue(missing.contains("'bootstrap_servers'"), missing);

        String list = status(400, () -> profiles.create(new ConnectionProfilePost("p", "broker",
                Map.of("bootstrap_servers", List.of("a", "b"))))).getMessage();
        assertTrue(list.contains("'bootstrap_servers'") && list.contains("list"), list);

        String name = status(400, () -> profiles.create(new ConnectionProfilePost("1 bad", "broker",
                brokerProfile()))).getMessage();
        assertTrue(name.contains("'1 bad'"), name);
        assertTrue(store.profiles.isEmpty());
    }

    @Test
    void profileTestAndAutocompleteGoToTheConnectorWithoutLeakingSecrets() {
        TestSourceMessage ok = profiles.test(new ConnectionProfilePost("p", "broker", brokerProfile()));
        assertTrue(ok.done() && !ok.error(), ok.toString());
        Map<String, Object> wrong = brokerProfile();
        wrong.put("auth", Map.of("secret_phrase", "not-the-one"));
        TestSourceMessage failed = profiles.test(new ConnectionProfilePost("p", "broker", wrong));
        assertTrue(failed.done() && failed.error(), failed.toString());
        assertFalse(failed.message().contains("not-the-one"), failed.message());
        assertTrue(failed.message().contains(Secrets.MASK), failed.message());

        ConnectionProfile p = profile("cluster");
        assertEquals(Map.of("topic", List.of("orders", "payments")), profiles.autocomplete(p.id()).values());
        status(404, () -> profiles.autocomplete("cp_missing"));
    }

    @Test
    void tablesAreCheckedByTheirConnectorSavedMaskedAndPaged() throws Exception {
        ConnectionProfile p = profile("cluster");
        ConnectionTable t = tables.create(new ConnectionTablePost("orders", "broker", p.id(),
                Map.of("topic", "orders", "api_token", TOKEN), null));
        assertTrue(t.id().startsWith("ct_"), t.id());
        assertEquals("source", t.tableType());
        assertEquals(Secrets.MASK, t.config().get("api_token"));
        assertEquals("cluster", t.connectionProfile().name());
        String body = json.writeValueAsString(t);
        assertFalse(body.contains(TOKEN) || body.contains(PASSWORD), body);
        assertTrue(json.readTree(body).has("connection_profile") && json.readTree(body).has("created_at"), body);
        assertEquals(Set.of("api_token"), store.tables.get(t.id()).secretKeys());
        assertEquals(TOKEN, store.tables.get(t.id()).options().get("api_token"));

        String badKey = status(400, () -> tables.create(new ConnectionTablePost("t2", "broker", p.id(),
                Map.of("topic", "x", "topik", "y"), null))).getMessage();
        assertTrue(badKey.contains("topik") && badKey.contains("Supported"), badKey);
        String badValue = status(400, () -> tables.create(new ConnectionTablePost("t2", "broker", p.id(),
                Map.of("topic", "has space"), null))).getMessage();
        assertTrue(badValue.contains("'topic'"), badValue);
        String noProfile = status(400, () -> tables.create(new ConnectionTablePost("t2", "broker", "cp_nope",
                Map.of("topic", "x"), null))).getMessage();
        assertTrue(noProfile.contains("cp_nope"), noProfile);
        String mismatch = status(400, () -> tables.create(new ConnectionTablePost("t2", "impulse", p.id(),
                Map.of(), null))).getMessage();
        assertTrue(mismatch.contains("'broker'") && mismatch.contains("'impulse'"), mismatch);
        status(409, () -> tables.create(new ConnectionTablePost("orders", "impulse", null, Map.of(), null)));

        for (int i = 0; i < 4; i++) {
            tables.create(new ConnectionTablePost("ticks" + i, "impulse", null, Map.of("event_rate", 5), null));
        }
        List<String> ids = new ArrayList<>();
        String after = null;
        ConnectionTableCollection page;
        do {
            page = tables.list(after, "2");
            page.data().forEach(x -> ids.add(x.id()));
            after = page.data().isEmpty() ? after : page.data().get(page.data().size() - 1).id();
        } while (page.hasMore());
        assertEquals(5, ids.size());
        assertEquals(ids.stream().sorted().toList(), ids);
        assertTrue(json.readTree(json.writeValueAsString(tables.list(null, "1"))).get("hasMore").asBoolean());
        status(400, () -> tables.list(null, "0"));
        status(400, () -> tables.list(null, "many"));

        String inUse = status(409, () -> profiles.delete(p.id())).getMessage();
        assertTrue(inUse.contains("orders"), inUse);
        tables.delete(t.id());
        status(404, () -> tables.delete(t.id()));
        assertEquals(200, profiles.delete(p.id()).getStatus());
        status(404, () -> profiles.delete(p.id()));
    }

    @Test
    void aTablesSchemaGivesItsColumnsAndFormat() {
        SourceField value = new SourceField("value", "string", true, null, null, null, null, null);
        ConnectionTable t = tables.create(new ConnectionTablePost("raw", "broker", profile("c").id(),
                Map.of("topic", "t"), new ConnectionSchema(Map.of("raw_string", Map.of()), null, null, List.of(value),
                        null, null, null)));
        assertEquals("raw_string", t.config().get("format"));
        assertEquals("TEXT", t.schema().fields().get(0).sqlName());

        SourceField n = new SourceField("n", "int64", false, null, null, null, null, null);
        String rawRule = status(400, () -> tables.create(new ConnectionTablePost("raw2", "broker", null,
                Map.of("topic", "t", "bootstrap_servers", "h"), new ConnectionSchema("raw_string", null, null,
                        List.of(n), null, null, null)))).getMessage();
        assertTrue(rawRule.contains("raw_string") && rawRule.contains("'value'"), rawRule);
    }

    @Test
    void tableTestsStreamTheirStepsAndEndDone() {
        ConnectionProfile p = profile("cluster");
        List<TestSourceMessage> ok = new ArrayList<>();
        service.testTable(new ConnectionTablePost("t", "broker", p.id(), Map.of("topic", "x"), null), ok::add);
        assertEquals(3, ok.size(), ok.toString());
        assertTrue(ok.get(2).done() && !ok.get(2).error(), ok.toString());
        assertFalse(ok.get(0).done() || ok.get(1).done(), ok.toString());

        List<TestSourceMessage> bad = new ArrayList<>();
        service.testTable(new ConnectionTablePost("t", "broker", p.id(), Map.of("topik", "x"), null), bad::add);
        assertEquals(2, bad.size(), bad.toString());
        assertTrue(bad.get(1).error() && bad.get(1).done() && bad.get(1).message().contains("topic"), bad.toString());
        assertTrue(store.tables.isEmpty(), "a test saves nothing");
    }

    @Test
    void schemasAreCheckedForFieldsFormatsAndDefinitions() {
        SourceField a = new SourceField("a", "int64", true, null, null, null, null, null);
        SourceField s = new SourceField("s", "struct", false, null, null, null,
                List.of(new SourceField("x", "f64", false, null, null, null, null, null)), null);
        SourceField l = new SourceField("l", "list", false, null, null, null, null,
                new SourceField("item", "string", false, null, null, null, null, null));
        SourceField ts = new SourceField("ts", "timestamp", false, null, null, "microsecond", null, null);
        assertEquals(200, tables.testSchema(new ConnectionSchema(Map.of("json", Map.of()), "drop", null,
                List.of(a, s, l, ts), null, null, List.of("a"))).getStatus());
        assertEquals(200, tables.testSchema(new ConnectionSchema("json", null, null, List.of(),
                new SchemaDefinition("json_schema", "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"}}}"),
                null, null)).getStatus());

        SourceField bad = new SourceField("b", "decimal", false, null, null, null, null, null);
        String type = status(400, () -> tables.testSchema(new ConnectionSchema(null, null, null, List.of(a, a, bad),
                null, null, List.of("zz")))).getMessage();
        assertTrue(type.contains("'decimal'") && type.contains("int64") && type.contains("used twice")
                && type.contains("'zz'"), type);
        String def = status(400, () -> tables.testSchema(new ConnectionSchema("json", null, null, List.of(),
                new SchemaDefinition("jsonSchema", "{not json"), null, null))).getMessage();
        assertTrue(def.contains("json_schema") && def.contains("not valid JSON"), def);
        String kind = status(400, () -> tables.testSchema(new ConnectionSchema("json", null, null, List.of(),
                new SchemaDefinition("protobuf_schema", "x"), null, null))).getMessage();
        assertTrue(kind.contains("protobuf_schema") && kind.contains("json_schema, raw_schema"), kind);
        String unstructured = status(400, () -> tables.testSchema(new ConnectionSchema(
                Map.of("json", Map.of("unstructured", true)), null, null, List.of(a), null, null, null))).getMessage();
        assertTrue(unstructured.contains("unstructured"), unstructured);
    }

    @Test
    void theCatalogWritesASavedTableAsTheCreateTableThatDefinesIt() {
        ConnectionProfile p = profile("cluster");
        SourceField id = new SourceField("id", "int64", true, null, null, null, null, null);
        SourceField off = new SourceField("off", "int64", false, null, "offset_id", null, null, null);
        tables.create(new ConnectionTablePost("orders", "broker", p.id(), Map.of("topic", "it's"),
                new ConnectionSchema("json", null, null, List.of(id, off), null, null, List.of("id"))));
        StoredConnectionCatalog catalog = new StoredConnectionCatalog(store);
        assertEquals("CREATE TABLE \"orders\" (\"id\" BIGINT NOT NULL, \"off\" BIGINT METADATA FROM 'offset_id', "
                + "PRIMARY KEY (\"id\")) WITH (connector = 'broker', connection_profile = 'cluster', 'topic' = 'it''s', "
                + "'format' = 'json')", catalog.tableStatement("orders").orElseThrow());
        assertEquals(PASSWORD, catalog.profile("cluster").orElseThrow().options().get("auth.secret_phrase"));
        assertTrue(catalog.tableStatement("nope").isEmpty());
        assertFalse(catalog.profile("cluster").orElseThrow().toString().contains(PASSWORD));
    }

    @Test
    void secretNamesAreRecognisedWithoutCatchingOrdinaryKeys() {
        for (String k : List.of("password", "sasl.password", "aws_secret_access_key", "api_key", "apiKey", "token",
                "auth.token", "client_secret", "private_key", "sasl.jaas.config", "credentials")) {
            assertTrue(Secrets.looksSecret(k), k);
        }
        for (String k : List.of("key_field", "topic", "bootstrap_servers", "tokenizer", "keys", "partition_key")) {
            assertFalse(Secrets.looksSecret(k), k);
        }
        assertNull(Secrets.scrub(null, Map.of(), Set.of()));
    }
}
