package org.wadi.connector.sse.internal;

import org.wadi.formats.HttpOptions;
import org.wadi.formats.PayloadDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Component;
import org.wadi.formats.BadData;
import org.wadi.formats.JsonFormat;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorMetadata;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Options;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.connector.TableRole;
import org.wadi.spi.connector.TestResult;
import org.wadi.spi.types.Schema;

/**
 * The {@code sse} connector, with Arroyo's options: a source reading a Server-Sent Events stream
 * from {@code endpoint}, keeping the event types listed in {@code events} (comma-separated; all
 * when absent), sending the {@code headers} given ({@code 'Name: value,Name2: value2'}; endpoint
 * and headers may name environment variables as {@code {{ VAR }}}). Each event's data is one
 * message of {@code format} ({@code json} or {@code debezium_json}); {@code bad_data} says what to
 * do with one that cannot be decoded.
 */
@Component(service = Connector.class, property = Connector.NAME_PROPERTY + "=" + SseConnector.NAME)
public final class SseConnector implements Connector {

    static final String NAME = "sse";

    private final ConnectorMetadata metadata = new ConnectorMetadata(NAME, "Server-Sent Events", "",
            "Connect to a SSE/EventSource server", true, false, false, true, true, false, null, resource("table.json"));

    @Override
    public ConnectorMetadata metadata() {
        return metadata;
    }

    @Override
    public ConnectorTable table(TableRequest request) throws ConnectorException {
        Options options = request.options();
        SseConfig config = SseConfig.check(options.required(HttpOptions.ENDPOINT),
                options.optional(HttpOptions.HEADERS).orElse(null), options.optional(SseConfig.EVENTS).orElse(null),
                HttpOptions.environment());
        JsonFormat format = JsonFormat.fromOptions(options, true).orElseThrow();
        BadData badData = BadData.fromOptions(options);
        options.checkAllKnown();
        if (!request.metadata().isEmpty()) {
            throw new ConnectorException("sse table '" + request.name() + "': connector 'sse' has no metadata keys ("
                    + "METADATA FROM '" + request.metadata().values().iterator().next() + "')");
        }
        Schema columns = request.columns() == null ? Schema.of() : request.columns().visible();
        if (columns.size() == 0) {
            throw new ConnectorException("sse table '" + request.name() + "' needs its columns declared: CREATE TABLE "
                    + request.name() + " (col TYPE, …) WITH (…)");
        }
        Map<String, String> normalized = new LinkedHashMap<>();
        config.putInto(normalized);
        format.putInto(normalized);
        normalized.put(BadData.OPTION, badData.option());
        return new ConnectorTable(request.name(), NAME, normalized, columns, Set.of(TableRole.SOURCE), false);
    }

    /** Connects to the endpoint and checks that it answers with an event stream. */
    @Override
    public TestResult test(Map<String, String> profile, Map<String, String> table) {
        String endpoint = table.get(HttpOptions.ENDPOINT);
        if (endpoint == null || endpoint.isBlank()) {
            return new TestResult(false, "Missing required option '" + HttpOptions.ENDPOINT + "' for connector '"
                    + NAME + "'");
        }
        try {
            SseConfig config = SseConfig.check(endpoint, table.get(HttpOptions.HEADERS), null,
                    HttpOptions.environment());
            HttpRequest.Builder request = HttpRequest.newBuilder(config.endpoint(HttpOptions.environment()))
                    .timeout(SseSource.CONNECT_TIMEOUT).header("Accept", "text/event-stream");
            for (HttpOptions.Header h : config.headers(HttpOptions.environment())) {
                request.header(h.name(), h.value());
            }
            HttpResponse<InputStream> response = HttpClient.newBuilder().connectTimeout(SseSource.CONNECT_TIMEOUT)
                    .version(HttpClient.Version.HTTP_1_1).build()
                    .send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            response.body().close();
            String type = response.headers().firstValue("Content-Type").orElse("");
            boolean ok = response.statusCode() == 200 && type.startsWith("text/event-stream");
            return new TestResult(ok, "GET " + config.rawEndpoint() + " answered " + response.statusCode()
                    + " with Content-Type '" + type + "'" + (ok ? "" : "; expected 200 with text/event-stream"));
        } catch (ConnectorException e) {
            return new TestResult(false, e.getMessage());
        } catch (IOException e) {
            return new TestResult(false, "GET " + endpoint + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new TestResult(false, "interrupted");
        }
    }

    @Override
    public Source createSource(ConnectorTable table) throws ConnectorException {
        PayloadDecoder decoder = new PayloadDecoder("sse table '" + table.name() + "'", table.schema(),
                JsonFormat.fromTableOptions(table.options()),
                BadData.parse(NAME, table.options().getOrDefault(BadData.OPTION, "fail")));
        return new SseSource(table.name(), SseConfig.of(table.options()), decoder);
    }

    private static String resource(String name) {
        try (InputStream in = SseConnector.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the sse bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
