package org.wadi.api.internal;

import static org.wadi.api.service.ApiException.badRequest;
import static org.wadi.api.service.ApiException.conflict;
import static org.wadi.api.service.ApiException.notFound;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wadi.api.service.ApiException;
import org.wadi.api.service.ConnectionAutocompleteResp;
import org.wadi.api.service.ConnectionProfile;
import org.wadi.api.service.ConnectionProfileCollection;
import org.wadi.api.service.ConnectionProfilePost;
import org.wadi.api.service.ConnectionSchema;
import org.wadi.api.service.ConnectionService;
import org.wadi.api.service.ConnectionTable;
import org.wadi.api.service.ConnectionTableCollection;
import org.wadi.api.service.ConnectionTablePost;
import org.wadi.api.service.ConnectorCollection;
import org.wadi.api.service.TestSourceMessage;
import org.wadi.spi.connector.ConnectionCatalog;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorMetadata;
import org.wadi.spi.connector.FileAccess;
import org.wadi.spi.connector.Options;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.connector.TableRole;
import org.wadi.spi.connector.TestResult;
import org.wadi.spi.types.Schema;
import org.wadi.store.ConnectionStore;
import org.wadi.store.Page;

/**
 * The connector catalog (the {@link Connector} services registered now, found as their bundles
 * come and go), and the connection profiles and tables saved in the {@link ConnectionStore}: each
 * checked by its connector before it is saved, its secrets marked for encryption at rest and
 * masked in every answer.
 */
@Component(service = ConnectionService.class, configurationPid = ApiConfig.PID)
public class DefaultConnectionService implements ConnectionService {

    static final String PROFILE = "cp";
    static final String TABLE = "ct";
    /** Options the planner takes for itself before the connector sees a table's. */
    private static final Set<String> PLANNER_OPTIONS = Set.of("event_time_field", "watermark_field", "idle_micros");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final Logger LOG = LoggerFactory.getLogger(DefaultConnectionService.class);
    private static final ObjectMapper JSON = ApiJson.newMapper();

    private final Map<String, Connector> connectors = new ConcurrentHashMap<>();
    private final ConnectionStore store;
    private final FileAccess files;
    private final ApiSettings settings;
    private final Clock clock;

    @Activate
    public DefaultConnectionService(@Reference ConnectionStore store, @Reference FileAccess files, ApiConfig config) {
        this(store, files, ApiSettings.from(config, System.getenv()), Clock.systemUTC());
    }

    public DefaultConnectionService(ConnectionStore store, FileAccess files, ApiSettings settings, Clock clock) {
        this.store = store;
        this.files = files;
        this.settings = settings;
        this.clock = clock;
    }

    @Reference(service = Connector.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, unbind = "removeConnector")
    void addConnector(Connector connector, Map<String, Object> properties) {
        connectors.put(name(connector, properties), connector);
    }

    void removeConnector(Connector connector, Map<String, Object> properties) {
        connectors.remove(name(connector, properties), connector);
    }

    /** Registers a connector under its metadata id (for tests). */
    void addConnector(Connector connector) {
        connectors.put(connector.metadata().id(), connector);
    }

    private static String name(Connector connector, Map<String, Object> properties) {
        Object name = properties.get(Connector.NAME_PROPERTY);
        return name != null ? name.toString() : connector.metadata().id();
    }

    // ---------------------------------------------------------------- connectors

    @Override
    public ConnectorCollection connectors() {
        List<org.wadi.api.service.Connector> out = new ArrayList<>();
        for (Map.Entry<String, Connector> e : new TreeMap<>(connectors).entrySet()) {
            ConnectorMetadata m = e.getValue().metadata();
            out.add(new org.wadi.api.service.Connector(e.getKey(), m.name(), m.icon(), m.description(), m.tableConfig(),
                    true, m.source(), m.sink(), m.customSchemas(), m.testing(), m.hidden(), m.connectionConfig()));
        }
        return new ConnectorCollection(out);
    }

    private Connector connector(String name, String what) {
        if (name == null || name.isBlank()) {
            throw badRequest(what + " needs a connector; available connectors: " + available());
        }
        Connector c = connectors.get(name);
        if (c == null) {
            throw badRequest("unknown connector '" + name + "' for " + what + "; available connectors: " + available());
        }
        return c;
    }

    private String available() {
        Collection<String> names = new TreeSet<>(connectors.keySet());
        return names.isEmpty() ? "none (install a connector bundle)" : String.join(", ", names);
    }

    // ---------------------------------------------------------------- profiles

    @Override
    public ConnectionProfile createProfile(ConnectionProfilePost post) {
        Checked p = checkProfile(post);
        org.wadi.store.ConnectionProfile saved = new org.wadi.store.ConnectionProfile(Ids.generate(PROFILE), post.name(),
                post.connector(), p.options(), p.secrets(), describe(post.connector(), p.options(), p.secrets()),
                clock.instant());
        if (!store.createProfile(saved)) {
            throw conflict("a connection profile named '" + post.name() + "' exists already: delete it first or "
                    + "give this one another name");
        }
        LOG.info("Saved connection profile {} '{}' for connector '{}' (options {})", saved.id(), saved.name(),
                saved.connector(), saved.options().keySet());
        return view(saved);
    }

    /** A profile's options after its connector's schemas: known keys, required ones present. */
    private Checked checkProfile(ConnectionProfilePost post) {
        if (post == null) {
            throw badRequest("request body is required: {\"name\": \"…\", \"connector\": \"…\", \"config\": {…}}");
        }
        checkName(post.name(), "connection profile");
        String what = "connection profile '" + post.name() + "'";
        Connector c = connector(post.connector(), what);
        ConnectorMetadata m = c.metadata();
        Map<String, String> options = ConnectionConfig.flatten(post.config(), what);
        // a profile holds options its tables share: those of the connection schema, or else the table schema's
        Set<String> known = OptionSchemas.keys(m.connectionConfig(), m.tableConfig());
        Set<String> unknown = OptionSchemas.unknown(options, known);
        if (!unknown.isEmpty()) {
            throw badRequest("Unsupported options found for " + what + " of connector '" + post.connector()
                    + "'. Unsupported: " + String.join(", ", unknown) + ". Supported: " + String.join(", ", known));
        }
        for (String required : OptionSchemas.required(m.connectionConfig())) {
            if (!options.containsKey(required) && known.contains(required)) {
                throw badRequest("Missing required option '" + required + "' for " + what + " of connector '"
                        + post.connector() + "'");
            }
        }
        return new Checked(c, options, Secrets.keys(options, m.connectionConfig(), m.tableConfig()));
    }

    private record Checked(Connector connector, Map<String, String> options, Set<String> secrets) {
    }

    @Override
    public ConnectionProfileCollection listProfiles() {
        List<ConnectionProfile> out = new ArrayList<>();
        for (org.wadi.store.ConnectionProfile p : store.listProfiles()) {
            out.add(view(p));
        }
        return new ConnectionProfileCollection(out);
    }

    @Override
    public void deleteProfile(String id) {
        if (store.getProfile(id).isEmpty()) {
            throw notFound("no connection profile '" + id + "'");
        }
        List<String> users = store.tablesUsingProfile(id);
        if (!users.isEmpty()) {
            throw conflict("connection profile '" + id + "' is used by connection tables " + String.join(", ", users)
                    + ": delete them first");
        }
        try {
            if (!store.deleteProfile(id)) {
                throw notFound("no connection profile '" + id + "'");
            }
        } catch (IllegalStateException e) {
            throw conflict("connection profile '" + id + "' is used by connection tables: delete them first");
        }
    }

    @Override
    public TestSourceMessage testProfile(ConnectionProfilePost post) {
        Checked p = checkProfile(post);
        return test(p.connector(), p.options(), Map.of(), p.options(), p.secrets());
    }

    @Override
    public ConnectionAutocompleteResp autocomplete(String profileId) {
        org.wadi.store.ConnectionProfile p = store.getProfile(profileId)
                .orElseThrow(() -> notFound("no connection profile '" + profileId + "'"));
        Connector c = connector(p.connector(), "connection profile '" + p.name() + "'");
        try {
            return new ConnectionAutocompleteResp(c.autocomplete(p.options()));
        } catch (ConnectorException | RuntimeException e) {
            throw badRequest("could not autocomplete with connection profile '" + p.name() + "': "
                    + Secrets.scrub(e.getMessage(), p.options(), p.secretKeys()));
        }
    }

    // ---------------------------------------------------------------- tables

    @Override
    public ConnectionTable createTable(ConnectionTablePost post) {
        Resolved t = resolve(post);
        String schema;
        try {
            schema = post.schema() == null ? null : JSON.writeValueAsString(post.schema());
        } catch (JsonProcessingException e) {
            throw badRequest("the schema of connection table '" + post.name() + "' cannot be written: "
                    + e.getOriginalMessage());
        }
        org.wadi.store.ConnectionTable saved = new org.wadi.store.ConnectionTable(Ids.generate(TABLE), post.name(),
                post.connector(), t.profile() == null ? null : t.profile().id(), t.tableType(), t.options(),
                t.secrets(), schema, clock.instant());
        boolean created;
        try {
            created = store.createTable(saved);
        } catch (IllegalArgumentException e) {
            throw badRequest("connection profile '" + post.connectionProfileId() + "' was deleted meanwhile");
        }
        if (!created) {
            throw conflict("a connection table named '" + post.name() + "' exists already: delete it first or give "
                    + "this one another name");
        }
        LOG.info("Saved connection table {} '{}' for connector '{}' (options {})", saved.id(), saved.name(),
                saved.connector(), saved.options().keySet());
        return view(saved, t.profile());
    }

    /** A table checked by its connector: its own options, its profile, its type. */
    private record Resolved(Connector connector, org.wadi.store.ConnectionProfile profile, Map<String, String> options,
            Map<String, String> merged, Set<String> secrets, String tableType) {
    }

    private Resolved resolve(ConnectionTablePost post) {
        if (post == null) {
            throw badRequest("request body is required: {\"name\": \"…\", \"connector\": \"…\", \"config\": {…}}");
        }
        checkName(post.name(), "connection table");
        String what = "connection table '" + post.name() + "'";
        Connector c = connector(post.connector(), what);
        org.wadi.store.ConnectionProfile profile = null;
        if (post.connectionProfileId() != null && !post.connectionProfileId().isBlank()) {
            profile = store.getProfile(post.connectionProfileId()).orElseThrow(() -> badRequest("unknown connection "
                    + "profile '" + post.connectionProfileId() + "' for " + what));
            if (!profile.connector().equals(post.connector())) {
                throw badRequest(what + " uses connector '" + post.connector() + "' but connection profile '"
                        + profile.name() + "' is for connector '" + profile.connector() + "'");
            }
        }
        Map<String, String> options = ConnectionConfig.flatten(post.config(), what);
        options.remove("connector");
        if (options.containsKey(ConnectionCatalog.PROFILE_OPTION)) {
            throw badRequest(what + " names its profile in connection_profile_id, not in config."
                    + ConnectionCatalog.PROFILE_OPTION);
        }
        if (post.schema() != null) {
            List<String> problems = SchemaFields.problems(post.schema());
            if (!problems.isEmpty()) {
                throw badRequest("the schema of " + what + " is invalid: " + String.join("; ", problems));
            }
            SchemaFields.formatOptions(post.schema()).forEach(options::putIfAbsent);
        }
        Map<String, String> merged = new LinkedHashMap<>(profile == null ? Map.of() : profile.options());
        merged.putAll(options);
        Map<String, String> forConnector = new LinkedHashMap<>(merged);
        PLANNER_OPTIONS.forEach(forConnector::remove);
        ConnectionSchema schema = post.schema();
        Schema columns = schema == null ? new Schema(List.of()) : SchemaFields.columns(schema.fields().stream()
                .filter(f -> f.metadataKey() == null).toList());
        Map<String, String> metadata = new LinkedHashMap<>();
        if (schema != null) {
            schema.fields().stream().filter(f -> f.metadataKey() != null)
                    .forEach(f -> metadata.put(f.name(), f.metadataKey()));
        }
        Set<String> secrets = new LinkedHashSet<>(Secrets.keys(options, c.metadata().tableConfig(),
                c.metadata().connectionConfig()));
        Set<String> allSecrets = new LinkedHashSet<>(secrets);
        if (profile != null) {
            allSecrets.addAll(profile.secretKeys());
        }
        org.wadi.spi.connector.ConnectorTable table;
        try {
            table = c.table(new TableRequest(post.name(), columns, new Options(post.connector(), forConnector), files,
                    schema == null ? List.of() : schema.primaryKeys(), metadata));
        } catch (ConnectorException e) {
            throw badRequest(Secrets.scrub(e.getMessage(), merged, allSecrets));
        } catch (RuntimeException e) {
            LOG.warn("Connector '{}' failed on connection table '{}'", post.connector(), post.name(), e);
            throw badRequest("connector '" + post.connector() + "' failed on " + what + ": "
                    + Secrets.scrub(String.valueOf(e.getMessage()), merged, allSecrets));
        }
        if (table == null) {
            throw badRequest("connector '" + post.connector() + "' resolved no table for " + what);
        }
        String type = merged.get("type");
        if (type == null) {
            type = table.roles().contains(TableRole.SOURCE) ? "source"
                    : table.roles().contains(TableRole.SINK) ? "sink" : "lookup";
        }
        return new Resolved(c, profile, options, merged, secrets, type);
    }

    private void checkName(String name, String what) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw badRequest("invalid " + what + " name '" + name + "': use letters, digits and underscores, not "
                    + "starting with a digit (at most 128), so that SQL can name it unquoted");
        }
    }

    @Override
    public ConnectionTableCollection listTables(String startingAfter, Integer limit) {
        int n = limit == null ? settings.defaultPageLimit() : limit;
        if (n < 1 || n > settings.maxPageLimit()) {
            throw badRequest("limit must be from 1 to " + settings.maxPageLimit() + ", was " + n);
        }
        Page<org.wadi.store.ConnectionTable> page = store.listTables(startingAfter, n);
        Map<String, org.wadi.store.ConnectionProfile> profiles = new LinkedHashMap<>();
        List<ConnectionTable> out = new ArrayList<>();
        for (org.wadi.store.ConnectionTable t : page.data()) {
            org.wadi.store.ConnectionProfile p = t.profileId() == null ? null
                    : profiles.computeIfAbsent(t.profileId(), id -> store.getProfile(id).orElse(null));
            out.add(view(t, p));
        }
        return new ConnectionTableCollection(out, page.hasMore());
    }

    @Override
    public void deleteTable(String id) {
        if (id == null || !store.deleteTable(id)) {
            throw notFound("no connection table '" + id + "'");
        }
    }

    @Override
    public void testTable(ConnectionTablePost post, Consumer<TestSourceMessage> messages) {
        messages.accept(TestSourceMessage.info("Checking the table's options"));
        Resolved t;
        try {
            t = resolve(post);
        } catch (ApiException e) {
            messages.accept(TestSourceMessage.fail(e.getMessage()));
            return;
        }
        messages.accept(TestSourceMessage.info("Connector '" + post.connector() + "' accepted the table; testing the "
                + "connection"));
        Set<String> secrets = new LinkedHashSet<>(t.secrets());
        if (t.profile() != null) {
            secrets.addAll(t.profile().secretKeys());
        }
        messages.accept(test(t.connector(), t.profile() == null ? Map.of() : t.profile().options(), t.options(),
                t.merged(), secrets));
    }

    private static TestSourceMessage test(Connector c, Map<String, String> profile, Map<String, String> table,
            Map<String, String> all, Set<String> secrets) {
        try {
            TestResult r = c.test(profile, table);
            String message = Secrets.scrub(r.message(), all, secrets);
            return r.ok() ? TestSourceMessage.done(message) : TestSourceMessage.fail(message);
        } catch (RuntimeException e) {
            return TestSourceMessage.fail("the connection test of connector '" + c.metadata().id() + "' failed: "
                    + Secrets.scrub(String.valueOf(e.getMessage()), all, secrets));
        }
    }

    @Override
    public void testSchema(ConnectionSchema schema) {
        List<String> problems = SchemaFields.problems(schema);
        if (!problems.isEmpty()) {
            throw badRequest("the schema is invalid: " + String.join("; ", problems));
        }
    }

    // ---------------------------------------------------------------- views

    private static String describe(String connector, Map<String, String> options, Set<String> secrets) {
        List<String> shown = new ArrayList<>();
        for (Map.Entry<String, String> e : options.entrySet()) {
            if (!secrets.contains(e.getKey()) && shown.size() < 3) {
                shown.add(e.getKey() + "=" + e.getValue());
            }
        }
        return connector + (shown.isEmpty() ? "" : " (" + String.join(", ", shown) + ")");
    }

    static ConnectionProfile view(org.wadi.store.ConnectionProfile p) {
        return new ConnectionProfile(p.id(), p.name(), p.connector(), Secrets.masked(p.options(), p.secretKeys()),
                p.description());
    }

    private static ConnectionTable view(org.wadi.store.ConnectionTable t, org.wadi.store.ConnectionProfile p) {
        ConnectionSchema schema = null;
        if (t.schema() != null) {
            try {
                ConnectionSchema s = JSON.readValue(t.schema(), ConnectionSchema.class);
                schema = new ConnectionSchema(s.format(), s.badData(), s.framing(),
                        SchemaFields.withSqlNames(s.fields()), s.definition(), s.inferred(), s.primaryKeys());
            } catch (JsonProcessingException | RuntimeException e) {
                LOG.warn("The saved schema of connection table {} does not read: {}", t.id(), e.toString());
            }
        }
        if (schema == null) {
            schema = new ConnectionSchema(null, null, null, List.of(), null, null, List.of());
        }
        return new ConnectionTable(t.id(), t.name(), Micros.of(t.createdAt()), t.connector(),
                p == null ? null : view(p), t.tableType(), Secrets.masked(t.options(), t.secretKeys()), schema, 0);
    }
}
