package org.wadi.sql.internal;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.wadi.spi.connector.ConnectionCatalog;
import org.wadi.spi.connector.SavedProfile;
import org.wadi.sql.internal.parser.SqlCreateConnectorTable;
import org.wadi.sql.internal.parser.SqlTableOption;
import org.wadi.sql.internal.parser.SqlCreateView;

/**
 * The connection profiles and tables saved through the REST API, in planning: a table a query
 * names without defining it is defined from its saved statement first, and
 * {@code connection_profile = 'name'} in a table's options brings the saved profile's options,
 * under the table's own. Without a {@link ConnectionCatalog} nothing is saved.
 */
final class SavedConnections {

    /** No saved profiles or tables. */
    static final SavedConnections NONE = new SavedConnections(null);

    private final ConnectionCatalog catalog;

    SavedConnections(ConnectionCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * Defines the saved tables the statements name but neither define nor find defined, before
     * the statements are planned. A saved table that fails to define is the error of the statement
     * that names it, at the name.
     *
     * @param defined whether a table or view of a name is defined already
     * @param guard runs one statement's work, turning failures into its diagnostics
     * @param create defines a table from its {@code CREATE TABLE}
     */
    void defineReferenced(SqlNodeList statements, Predicate<String> defined, BiConsumer<SqlNode, Runnable> guard,
            Consumer<SqlCreateConnectorTable> create) {
        if (catalog == null) {
            return;
        }
        Set<String> created = new LinkedHashSet<>();
        for (SqlNode statement : statements) {
            if (statement instanceof SqlCreateConnectorTable t && t.name().isSimple()) {
                created.add(t.name().getSimple());
            } else if (statement instanceof SqlCreateView v && v.name().isSimple()) {
                created.add(v.name().getSimple());
            }
        }
        Set<String> tried = new LinkedHashSet<>();
        for (SqlNode statement : statements) {
            Map<String, SqlParserPos> names = names(statement);
            guard.accept(statement, () -> {
                for (Map.Entry<String, SqlParserPos> n : names.entrySet()) {
                    String name = n.getKey();
                    if (created.contains(name) || defined.test(name) || !tried.add(name)) {
                        continue;
                    }
                    Optional<String> ddl = catalog.tableStatement(name);
                    if (ddl.isPresent()) {
                        define(name, ddl.get(), n.getValue(), create);
                    }
                }
            });
        }
    }

    private static void define(String name, String ddl, SqlParserPos at, Consumer<SqlCreateConnectorTable> create) {
        SqlNode parsed;
        try {
            parsed = SqlParser.create(ddl, Planning.parserConfig()).parseStmt();
        } catch (SqlParseException e) {
            throw new UnsupportedException("Saved table '" + name + "' (from /api/v1/connection_tables) has a "
                    + "definition that does not parse: " + e.getMessage(), at);
        }
        if (!(parsed instanceof SqlCreateConnectorTable table)) {
            throw new UnsupportedException("Saved table '" + name + "' (from /api/v1/connection_tables) is not a "
                    + "CREATE TABLE statement", at);
        }
        try {
            create.accept(table);
        } catch (UnsupportedException e) {
            throw new UnsupportedException("Saved table '" + name + "' (from /api/v1/connection_tables) cannot be "
                    + "used: " + e.getMessage(), at);
        }
    }

    /** Every name an identifier of the statement starts with, each at its first place. */
    private static Map<String, SqlParserPos> names(SqlNode statement) {
        Map<String, SqlParserPos> names = new LinkedHashMap<>();
        statement.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlIdentifier id) {
                if (!id.names.isEmpty() && !id.isStar()) {
                    names.putIfAbsent(id.names.get(0), id.getParserPosition());
                }
                return null;
            }
        });
        return names;
    }

    /**
     * Replaces {@value ConnectionCatalog#PROFILE_OPTION} in a table's options by the options of the
     * saved profile it names; the table's own options win over the profile's.
     *
     * @param options the table's options, changed in place
     */
    void mergeProfile(SqlCreateConnectorTable create, String table, Map<String, String> options) {
        String profileName = options.remove(ConnectionCatalog.PROFILE_OPTION);
        if (profileName == null) {
            return;
        }
        SqlParserPos at = create.getParserPosition();
        for (SqlTableOption o : create.options()) {
            if (o.key().equals(ConnectionCatalog.PROFILE_OPTION)) {
                at = o.getParserPosition();
            }
        }
        SavedProfile profile = catalog == null ? null : catalog.profile(profileName).orElse(null);
        if (profile == null) {
            throw new UnsupportedException("Table '" + table + "' names connection profile '" + profileName
                    + "', which does not exist: create it with POST /api/v1/connection_profiles", at);
        }
        String connector = options.get("connector");
        if (connector == null) {
            throw new UnsupportedException("Table '" + table + "' names connection profile '" + profileName
                    + "' but no connector: add connector = '" + profile.connector() + "'", at);
        }
        if (!connector.equals(profile.connector())) {
            throw new UnsupportedException("Table '" + table + "' uses connector '" + connector
                    + "' but connection profile '" + profileName + "' is for connector '" + profile.connector() + "'",
                    at);
        }
        Map<String, String> merged = new LinkedHashMap<>(profile.options());
        merged.putAll(options);
        options.clear();
        options.putAll(merged);
    }
}
