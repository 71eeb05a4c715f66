package org.wadi.store.internal;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.ibatis.exceptions.PersistenceException;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.wadi.store.ConnectionProfile;
import org.wadi.store.ConnectionStore;
import org.wadi.store.ConnectionTable;
import org.wadi.store.Page;

/**
 * {@link ConnectionStore} over the V7 tables: each profile or table with its options in one
 * transaction, secret values through the {@link SecretCipher}.
 */
final class ConnectionRepository implements ConnectionStore {

    private static final String FOREIGN_KEY_VIOLATION = "23503";

    private final SqlSessionFactory sessions;
    private final SecretCipher cipher;

    ConnectionRepository(SqlSessionFactory sessions, SecretCipher cipher) {
        this.sessions = sessions;
        this.cipher = cipher;
    }

    @Override
    public boolean createProfile(ConnectionProfile p) {
        return write(m -> {
            if (m.insertProfile(p) != 1) {
                return false;
            }
            int position = 0;
            for (Map.Entry<String, String> o : p.options().entrySet()) {
                boolean secret = p.secretKeys().contains(o.getKey());
                m.insertProfileOption(p.id(), position++, o.getKey(), stored(p.id(), o, secret), secret);
            }
            return true;
        }, "save connection profile '" + p.name() + "'");
    }

    @Override
    public List<ConnectionProfile> listProfiles() {
        return read(m -> {
            List<ConnectionProfile> out = new ArrayList<>();
            for (Map<String, Object> row : m.listProfiles()) {
                out.add(profile(m, row));
            }
            return out;
        });
    }

    @Override
    public Optional<ConnectionProfile> getProfile(String id) {
        return read(m -> Optional.ofNullable(m.getProfile(id)).map(r -> profile(m, r)));
    }

    @Override
    public Optional<ConnectionProfile> findProfile(String name) {
        return read(m -> Optional.ofNullable(m.findProfile(name)).map(r -> profile(m, r)));
    }

    @Override
    public boolean deleteProfile(String id) {
        try {
            return write(m -> m.deleteProfile(id) == 1, "delete connection profile " + id);
        } catch (PersistenceException e) {
            throw new IllegalStateException("connection profile " + id + " is used by saved tables: "
                    + String.join(", ", tablesUsingProfile(id)), e);
        }
    }

    @Override
    public List<String> tablesUsingProfile(String profileId) {
        return read(m -> m.tablesUsingProfile(profileId));
    }

    @Override
    public boolean createTable(ConnectionTable t) {
        try {
            return write(m -> {
                if (m.insertTable(t) != 1) {
                    return false;
                }
                int position = 0;
                for (Map.Entry<String, String> o : t.options().entrySet()) {
                    boolean secret = t.secretKeys().contains(o.getKey());
                    m.insertTableOption(t.id(), position++, o.getKey(), stored(t.id(), o, secret), secret);
                }
                return true;
            }, "save connection table '" + t.name() + "'");
        } catch (PersistenceException e) {
            throw new IllegalArgumentException("connection table '" + t.name() + "' names connection profile "
                    + t.profileId() + ", which does not exist", e);
        }
    }

    @Override
    public Page<ConnectionTable> listTables(String startingAfter, int limit) {
        return read(m -> {
            List<Map<String, Object>> rows = m.listTables(startingAfter, limit + 1);
            List<ConnectionTable> out = new ArrayList<>();
            for (int i = 0; i < Math.min(limit, rows.size()); i++) {
                out.add(table(m, rows.get(i)));
            }
            return new Page<>(out, rows.size() > limit);
        });
    }

    @Override
    public Optional<ConnectionTable> getTable(String id) {
        return read(m -> Optional.ofNullable(m.getTable(id)).map(r -> table(m, r)));
    }

    @Override
    public Optional<ConnectionTable> findTable(String name) {
        return read(m -> Optional.ofNullable(m.findTable(name)).map(r -> table(m, r)));
    }

    @Override
    public boolean deleteTable(String id) {
        return write(m -> m.deleteTable(id) == 1, "delete connection table " + id);
    }

    private String stored(String owner, Map.Entry<String, String> option, boolean secret) {
        String value = option.getValue() == null ? "" : option.getValue();
        return secret ? cipher.encrypt(owner, option.getKey(), value) : value;
    }

    private ConnectionProfile profile(ConnectionMapper m, Map<String, Object> row) {
        String id = (String) row.get("id");
        Map<String, String> options = new LinkedHashMap<>();
        Set<String> secrets = new LinkedHashSet<>();
        options(id, m.profileOptions(id), options, secrets);
        return new ConnectionProfile(id, (String) row.get("name"), (String) row.get("connector"), options, secrets,
                (String) row.get("description"), instant(row.get("created_at")));
    }

    private ConnectionTable table(ConnectionMapper m, Map<String, Object> row) {
        String id = (String) row.get("id");
        Map<String, String> options = new LinkedHashMap<>();
        Set<String> secrets = new LinkedHashSet<>();
        options(id, m.tableOptions(id), options, secrets);
        return new ConnectionTable(id, (String) row.get("name"), (String) row.get("connector"),
                (String) row.get("profile_id"), (String) row.get("table_type"), options, secrets,
                (String) row.get("schema_json"), instant(row.get("created_at")));
    }

    private void options(String owner, List<Map<String, Object>> rows, Map<String, String> options,
            Set<String> secrets) {
        for (Map<String, Object> o : rows) {
            String key = (String) o.get("key");
            String value = (String) o.get("value");
            if (Boolean.TRUE.equals(o.get("encrypted"))) {
                secrets.add(key);
                value = cipher.decrypt(owner, key, value);
            }
            options.put(key, value);
        }
    }

    private static Instant instant(Object v) {
        if (v instanceof Timestamp t) {
            return t.toInstant();
        }
        if (v instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (v instanceof Instant i) {
            return i;
        }
        throw new IllegalStateException("unexpected created_at value " + v);
    }

    private <T> T read(Function<ConnectionMapper, T> work) {
        try (SqlSession s = sessions.openSession(false)) {
            T result = work.apply(s.getMapper(ConnectionMapper.class));
            s.commit(true);
            return result;
        } catch (PersistenceException e) {
            throw new IllegalStateException("could not read the connection catalog: " + rootMessage(e), e);
        }
    }

    /**
     * Runs {@code work} in one transaction, committed if it returns true. A foreign-key violation
     * is rethrown as is, for the caller to explain; other database failures become
     * {@link IllegalStateException}s.
     */
    private boolean write(Function<ConnectionMapper, Boolean> work, String what) {
        try (SqlSession s = sessions.openSession(false)) {
            boolean done = work.apply(s.getMapper(ConnectionMapper.class));
            if (done) {
                s.commit(true);
            } else {
                s.rollback(true);
            }
            return done;
        } catch (PersistenceException e) {
            if (FOREIGN_KEY_VIOLATION.equals(sqlState(e))) {
                throw e;
            }
            throw new IllegalStateException("could not " + what + ": " + rootMessage(e), e);
        }
    }

    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql.getMessage();
            }
        }
        return e.getMessage();
    }
}
