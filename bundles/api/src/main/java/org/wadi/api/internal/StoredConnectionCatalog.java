package org.wadi.api.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.wadi.api.service.ConnectionSchema;
import org.wadi.api.service.SourceField;
import org.wadi.spi.connector.ConnectionCatalog;
import org.wadi.spi.connector.SavedProfile;
import org.wadi.store.ConnectionProfile;
import org.wadi.store.ConnectionStore;
import org.wadi.store.ConnectionTable;

/**
 * The saved connection profiles and tables, for the SQL planner: a saved table becomes the
 * {@code CREATE TABLE} statement that defines it (its columns, its options and its profile by
 * name), so that it is planned exactly as if the query had declared it.
 */
@Component(service = ConnectionCatalog.class)
public class StoredConnectionCatalog implements ConnectionCatalog {

    private static final ObjectMapper JSON = ApiJson.newMapper();

    private final ConnectionStore store;

    @Activate
    public StoredConnectionCatalog(@Reference ConnectionStore store) {
        this.store = store;
    }

    @Override
    public Optional<SavedProfile> profile(String name) {
        return store.findProfile(name).map(p -> new SavedProfile(p.name(), p.connector(), p.options()));
    }

    @Override
    public Optional<String> tableStatement(String name) {
        return store.findTable(name).map(this::statement);
    }

    /** The {@code CREATE TABLE} of a saved table. */
    String statement(ConnectionTable t) {
        StringBuilder sql = new StringBuilder("CREATE TABLE ").append(Sql.identifier(t.name()));
        ConnectionSchema schema = schema(t);
        if (schema != null && !schema.fields().isEmpty()) {
            List<String> columns = new ArrayList<>();
            for (SourceField f : schema.fields()) {
                String column = Sql.identifier(f.name()) + " " + SchemaFields.sqlType(f) + (f.required() ? " NOT NULL" : "");
                if (f.metadataKey() != null) {
                    column += " METADATA FROM " + Sql.literal(f.metadataKey());
                }
                columns.add(column);
            }
            if (!schema.primaryKeys().isEmpty()) {
                columns.add("PRIMARY KEY (" + String.join(", ", schema.primaryKeys().stream().map(Sql::identifier)
                        .toList()) + ")");
            }
            sql.append(" (").append(String.join(", ", columns)).append(")");
        }
        sql.append(" WITH (connector = ").append(Sql.literal(t.connector()));
        if (t.profileId() != null) {
            Optional<ConnectionProfile> p = store.getProfile(t.profileId());
            if (p.isPresent()) {
                sql.append(", ").append(PROFILE_OPTION).append(" = ").append(Sql.literal(p.get().name()));
            }
        }
        for (Map.Entry<String, String> o : t.options().entrySet()) {
            sql.append(", ").append(Sql.literal(o.getKey())).append(" = ").append(Sql.literal(o.getValue()));
        }
        return sql.append(")").toString();
    }

    private static ConnectionSchema schema(ConnectionTable t) {
        if (t.schema() == null) {
            return null;
        }
        try {
            return JSON.readValue(t.schema(), ConnectionSchema.class);
        } catch (IOException e) {
            throw new IllegalStateException("the saved schema of connection table '" + t.name() + "' does not read: "
                    + e.getMessage(), e);
        }
    }
}
