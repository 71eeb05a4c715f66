package org.wadi.connector.iceberg.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.rest.CatalogHandlers;
import org.apache.iceberg.rest.RESTCatalogProperties;
import org.apache.iceberg.rest.RESTSerializers;
import org.apache.iceberg.rest.requests.CreateNamespaceRequest;
import org.apache.iceberg.rest.requests.CreateTableRequest;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.apache.iceberg.rest.responses.ConfigResponse;
import org.apache.iceberg.rest.responses.ErrorResponse;

/**
 * An Iceberg REST catalog over HTTP on 127.0.0.1, made of Iceberg's own classes: the JDK's HTTP
 * server routes the REST spec's paths to Iceberg's {@link CatalogHandlers} over a
 * {@link JdbcCatalog} kept in the machine's PostgreSQL (one catalog name per server, so tests do
 * not see each other's tables), with the warehouse in a local folder.
 */
final class RestCatalogServer implements AutoCloseable {

    private static final ObjectMapper JSON = mapper();

    private static final String JDBC_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

    final JdbcCatalog backend;
    private final String catalogName;
    private final HttpServer http;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);

    private RestCatalogServer(JdbcCatalog backend, String catalogName, HttpServer http) {
        this.backend = backend;
        this.catalogName = catalogName;
        this.http = http;
    }

    /** A catalog whose warehouse is a local folder. */
    static RestCatalogServer start(String warehouse) throws IOException {
        return start(warehouse, new LocalFileIO());
    }

    /** A catalog whose warehouse (table metadata) is written through {@code io}. */
    static RestCatalogServer start(String warehouse, FileIO io) throws IOException {
        JdbcCatalog catalog = new JdbcCatalog(p -> io, null, true);
        Map<String, String> props = new HashMap<>();
        props.put(CatalogProperties.URI, JDBC_URL);
        props.put("jdbc.user", "postgres");
        props.put(CatalogProperties.WAREHOUSE_LOCATION, warehouse);
        String name = "wadi_test_" + Long.toHexString(System.nanoTime());
        catalog.initialize(name, props);
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        RestCatalogServer server = new RestCatalogServer(catalog, name, http);
        http.createContext("/", server::handle);
        http.setExecutor(server.threads);
        http.start();
        return server;
    }

    /** JSON as Iceberg's REST client writes it (as its own package-private mapper is set up). */
    private static ObjectMapper mapper() {
        ObjectMapper m = new ObjectMapper();
        m.setVisibility(com.fasterxml.jackson.annotation.PropertyAccessor.FIELD,
                com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.ANY);
        m.configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        m.setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.KEBAB_CASE);
        RESTSerializers.registerAll(m);
        return m;
    }

    String url() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    /** The {@code Authorization} header of the last request, or null. */
    volatile String lastAuthorization;

    private void handle(HttpExchange exchange) throws IOException {
        lastAuthorization = exchange.getRequestHeaders().getFirst("Authorization");
        try (exchange) {
            try {
                Object response = route(exchange);
                if (response == null) {
                    exchange.sendResponseHeaders(204, -1);
                } else {
                    send(exchange, 200, JSON.writeValueAsBytes(response));
                }
            } catch (NoSuchNamespaceException | NoSuchTableException | NotFoundException e) {
                error(exchange, 404, e);
            } catch (AlreadyExistsException | CommitFailedException e) {
                error(exchange, 409, e);
            } catch (ValidationException | IllegalArgumentException e) {
                error(exchange, 400, e);
            } catch (RuntimeException e) {
                error(exchange, 500, e);
            }
        }
    }

    private Object route(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        if (!path.startsWith("/v1/")) {
            throw new NotFoundException("no route %s", path);
        }
        String[] parts = Arrays.stream(path.substring(4).split("/"))
                .map(s -> URLDecoder.decode(s, StandardCharsets.UTF_8)).toArray(String[]::new);
        Catalog catalog = backend;
        SupportsNamespaces namespaces = backend;
        if (parts.length == 1 && parts[0].equals("config") && method.equals("GET")) {
            return ConfigResponse.builder().build();
        }
        if (parts[0].equals("namespaces")) {
            if (parts.length == 1) {
                return switch (method) {
                    case "GET" -> CatalogHandlers.listNamespaces(namespaces, Namespace.empty());
                    case "POST" -> CatalogHandlers.createNamespace(namespaces, body(exchange, CreateNamespaceRequest.class));
                    default -> throw new NotFoundException("no route %s %s", method, path);
                };
            }
            Namespace ns = Namespace.of(parts[1].split("\u001f"));
            if (parts.length == 2) {
                switch (method) {
                    case "GET":
                        return CatalogHandlers.loadNamespace(namespaces, ns);
                    case "HEAD":
                        CatalogHandlers.namespaceExists(namespaces, ns);
                        return null;
                    default:
                        throw new NotFoundException("no route %s %s", method, path);
                }
            }
            if (parts[2].equals("tables")) {
                if (parts.length == 3) {
                    return switch (method) {
                        case "GET" -> CatalogHandlers.listTables(catalog, ns);
                        case "POST" -> {
                            CreateTableRequest request = body(exchange, CreateTableRequest.class);
                            yield request.stageCreate() ? CatalogHandlers.stageTableCreate(catalog, ns, request)
                                    : CatalogHandlers.createTable(catalog, ns, request);
                        }
                        default -> throw new NotFoundException("no route %s %s", method, path);
                    };
                }
                TableIdentifier id = TableIdentifier.of(ns, parts[3]);
                if (parts.length == 4) {
                    switch (method) {
                        case "GET":
                            return CatalogHandlers.loadTable(catalog, id, RESTCatalogProperties.SnapshotMode.ALL);
                        case "HEAD":
                            CatalogHandlers.tableExists(catalog, id);
                            return null;
                        case "POST":
                            return CatalogHandlers.updateTable(catalog, id, body(exchange, UpdateTableRequest.class));
                        case "DELETE":
                            CatalogHandlers.dropTable(catalog, id);
                            return null;
                        default:
                            throw new NotFoundException("no route %s %s", method, path);
                    }
                }
                if (parts.length == 5 && parts[4].equals("metrics") && method.equals("POST")) {
                    exchange.getRequestBody().readAllBytes();
                    return null;
                }
            }
        }
        throw new NotFoundException("no route %s %s", method, path);
    }

    private static <T> T body(HttpExchange exchange, Class<T> type) throws IOException {
        return JSON.readValue(exchange.getRequestBody().readAllBytes(), type);
    }

    private static void error(HttpExchange exchange, int code, RuntimeException e) throws IOException {
        ErrorResponse error = ErrorResponse.builder().responseCode(code).withType(e.getClass().getSimpleName())
                .withMessage(e.getMessage()).build();
        send(exchange, code, JSON.writeValueAsBytes(error));
    }

    private static void send(HttpExchange exchange, int code, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(code, -1);
            return;
        }
        exchange.sendResponseHeaders(code, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Stops serving and removes this catalog's rows from the shared database. */
    @Override
    public void close() throws IOException {
        http.stop(0);
        threads.shutdownNow();
        backend.close();
        try (Connection c = DriverManager.getConnection(JDBC_URL, "postgres", "")) {
            for (String table : List.of("iceberg_tables", "iceberg_namespace_properties")) {
                try (PreparedStatement delete = c.prepareStatement("DELETE FROM " + table + " WHERE catalog_name = ?")) {
                    delete.setString(1, catalogName);
                    delete.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new IOException("cannot remove the test catalog " + catalogName + ": " + e.getMessage(), e);
        }
    }
}
