package org.wadi.store.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the versioned SQL scripts {@code org/wadi/store/migrations/V<n>__<description>.sql} in
 * order, each in its own transaction, recording them in {@code schema_version}. A PostgreSQL
 * advisory lock keeps two servers sharing a database from migrating at once. The scripts are
 * listed in {@code migrations/index.txt}, as a bundle's class loader cannot list a folder.
 */
public final class Migrations {

    /** Where the scripts live, as a class-loader resource folder. */
    static final String FOLDER = "org/wadi/store/migrations/";
    static final String INDEX = FOLDER + "index.txt";
    private static final Pattern NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");
    // Any constant works as long as it is the same for every Wadi server: "wadi" in ASCII.
    private static final long LOCK_KEY = 0x77616469L;
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    /** One script. */
    record Migration(int version, String description, String file, String sql, String checksum) {
    }

    private Migrations() {
    }

    /**
     * Brings the database's schema up to date.
     *
     * @return the versions applied now (empty if it was up to date)
     */
    public static List<Integer> migrate(DataSource dataSource) {
        List<Migration> migrations = load(Migrations.class.getClassLoader());
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_lock(" + LOCK_KEY + ")");
            }
            try {
                return apply(c, migrations);
            } finally {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT pg_advisory_unlock(" + LOCK_KEY + ")");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not migrate the database schema: " + e.getMessage(), e);
        }
    }

    private static List<Integer> apply(Connection c, List<Migration> migrations) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                    + " version integer PRIMARY KEY,"
                    + " description text NOT NULL,"
                    + " checksum text NOT NULL,"
                    + " installed_at timestamptz NOT NULL DEFAULT now())");
        }
        Map<Integer, String> applied = new HashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT version, checksum FROM schema_version")) {
            while (rs.next()) {
                applied.put(rs.getInt(1), rs.getString(2));
            }
        }
        int newest = migrations.isEmpty() ? 0 : migrations.get(migrations.size() - 1).version();
        applied.keySet().stream().filter(v -> v > newest).findAny().ifPresent(v -> LOG.warn(
                "The database has schema version {}, newer than this server knows ({}): a newer Wadi server migrated it", v, newest));

        List<Integer> done = new ArrayList<>();
        for (Migration m : migrations) {
            String checksum = applied.get(m.version());
            if (checksum != null) {
                if (!checksum.equals(m.checksum())) {
                    throw new IllegalStateException("migration " + m.file() + " was changed after it was applied to this database"
                            + " (checksum " + checksum + " recorded, " + m.checksum() + " now): add a new migration instead");
                }
                continue;
            }
            c.setAutoCommit(false);
            try {
                try (Statement s = c.createStatement()) {
                    s.execute(m.sql());
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO schema_version (version, description, checksum) VALUES (?, ?, ?)")) {
                    ps.setInt(1, m.version());
                    ps.setString(2, m.description());
                    ps.setString(3, m.checksum());
                    ps.executeUpdate();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw new IllegalStateException("migration " + m.file() + " failed: " + e.getMessage(), e);
            } finally {
                c.setAutoCommit(true);
            }
            LOG.info("Applied database migration {}", m.file());
            done.add(m.version());
        }
        return done;
    }

    /** Reads the scripts named by the index, checked to be numbered 1, 2, 3… without gaps. */
    static List<Migration> load(ClassLoader loader) {
        String index = read(loader, INDEX);
        List<Migration> result = new ArrayList<>();
        for (String line : index.split("\n")) {
            String file = line.strip();
            if (file.isEmpty() || file.startsWith("#")) {
                continue;
            }
            Matcher m = NAME.matcher(file);
            if (!m.matches()) {
                throw new IllegalStateException("invalid migration name '" + file + "' in " + INDEX
                        + ": expected V<version>__<description>.sql");
            }
            int version = Integer.parseInt(m.group(1));
            int expected = result.size() + 1;
            if (version != expected) {
                throw new IllegalStateException("migration " + file + " in " + INDEX + " is out of order: expected version " + expected);
            }
            String sql = read(loader, FOLDER + file);
            result.add(new Migration(version, m.group(2).replace('_', ' '), file, sql, sha256(sql)));
        }
        return result;
    }

    private static String read(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource + " in the store bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("could not read " + resource + ": " + e.getMessage(), e);
        }
    }

    private static String sha256(String text) {
        try {
            // line endings normalised so that a checkout with CRLF does not count as a change
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
