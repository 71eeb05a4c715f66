package org.wadi.connector.postgres.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Options;

/**
 * The options of a {@code postgres_cdc} table, named as Flink CDC's {@code postgres-cdc} connector
 * names them (with dots for its dashes): the database either as {@code hostname}, {@code port},
 * {@code database} or as one JDBC {@code url}; {@code username}, {@code password}; the captured
 * {@code schema} and {@code table}; the replication {@code slot.name} and {@code publication.name};
 * {@code snapshot.mode} {@code initial} (the existing rows first) or {@code never}. The password is
 * kept (the workers need it) but never shown.
 */
record CdcConfig(String url, String username, String password, String schema, String table, String slotName,
        String publicationName, boolean snapshot) {

    static final String URL = "url";
    static final String HOSTNAME = "hostname";
    static final String PORT = "port";
    static final String DATABASE = "database";
    static final String USERNAME = "username";
    static final String PASSWORD = "password";
    static final String SCHEMA = "schema";
    static final String TABLE = "table";
    static final String SLOT_NAME = "slot.name";
    static final String PUBLICATION_NAME = "publication.name";
    static final String SNAPSHOT_MODE = "snapshot.mode";
    /** Marks the resolved table as a changelog for the planner, as a Debezium JSON source is. */
    static final String FORMAT = "format";

    private static final Pattern SLOT = Pattern.compile("[a-z0-9_]{1,63}");

    @Override
    public String toString() {
        return "postgres_cdc " + PgConnections.redact(url) + " " + schema + "." + table + " slot " + slotName;
    }

    static CdcConfig read(Options options) throws ConnectorException {
        String connector = options.connector();
        String url = options.optional(URL).map(String::trim).orElse(null);
        String host = options.optional(HOSTNAME).map(String::trim).orElse(null);
        long port = options.longValue(PORT, 5432);
        String database = options.optional(DATABASE).map(String::trim).orElse(null);
        if (url != null) {
            for (String k : List.of(HOSTNAME, PORT, DATABASE)) {
                if (options.asMap().containsKey(k)) {
                    throw new ConnectorException("Option '" + k + "' of connector '" + connector + "' cannot be given"
                            + " with 'url': name the database either by 'url' or by hostname, port and database");
                }
            }
            JdbcConfig.checkUrl(connector, URL, url);
        } else {
            if (host == null || host.isEmpty()) {
                throw new ConnectorException("Missing required option 'hostname' (or 'url') for connector '"
                        + connector + "'");
            }
            if (database == null || database.isEmpty()) {
                throw new ConnectorException("Missing required option 'database' for connector '" + connector + "'");
            }
            if (port < 1 || port > 65535) {
                throw new ConnectorException("Invalid value '" + port + "' for option 'port' of connector '"
                        + connector + "': expected a port number, 1 to 65535");
            }
            url = "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }
        String username = options.optional(USERNAME).filter(s -> !s.isBlank()).orElse(null);
        String password = options.optional(PASSWORD).filter(s -> !s.isEmpty()).orElse(null);
        String schema = options.optional(SCHEMA).map(String::trim).filter(s -> !s.isEmpty()).orElse("public");
        String table = options.required(TABLE).trim();
        String slot = options.required(SLOT_NAME).trim();
        if (!SLOT.matcher(slot).matches()) {
            throw new ConnectorException("Invalid value '" + slot + "' for option '" + SLOT_NAME + "' of connector '"
                    + connector + "': a replication slot's name is 1 to 63 lower-case letters, digits and underscores");
        }
        String publication = options.optional(PUBLICATION_NAME).map(String::trim).filter(s -> !s.isEmpty())
                .orElse("wadi_" + slot);
        String mode = options.choice(SNAPSHOT_MODE, "initial", "initial", "never");
        // the rows are a changelog; the format may be named, as the normalised options name it
        options.choice(FORMAT, "debezium_json", "debezium_json");
        return new CdcConfig(url, username, password, schema, table, slot, publication, mode.equals("initial"));
    }

    /** Writes the options, normalised, into a resolved table's options. */
    void putInto(Map<String, String> options) {
        options.put(URL, url);
        if (username != null) {
            options.put(USERNAME, username);
        }
        if (password != null) {
            options.put(PASSWORD, password);
        }
        options.put(SCHEMA, schema);
        options.put(TABLE, table);
        options.put(SLOT_NAME, slotName);
        options.put(PUBLICATION_NAME, publicationName);
        options.put(SNAPSHOT_MODE, snapshot ? "initial" : "never");
        options.put(FORMAT, "debezium_json");
    }

    /** The configuration recorded in a resolved table's options by {@link #putInto}. */
    static CdcConfig of(Map<String, String> tableOptions) throws ConnectorException {
        Map<String, String> copy = new LinkedHashMap<>(tableOptions);
        copy.remove(FORMAT);
        return read(new Options(PostgresCdcConnector.NAME, copy));
    }
}
