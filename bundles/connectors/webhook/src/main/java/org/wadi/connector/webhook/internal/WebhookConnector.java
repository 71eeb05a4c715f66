package org.wadi.connector.webhook.internal;

import org.wadi.formats.HttpOptions;
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
import org.wadi.formats.JsonFormat;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorMetadata;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Options;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.connector.TableRole;
import org.wadi.spi.connector.TestResult;
import org.wadi.spi.types.Schema;

/**
 * The {@code webhook} connector, with Arroyo's options: a sink POSTing each row as JSON to
 * {@code endpoint}, with the {@code headers} given ({@code 'Name: value,Name2: value2'}; both may
 * name environment variables as {@code {{ VAR }}}). {@code format} is {@code json} or
 * {@code debezium_json}.
 */
@Component(service = Connector.class, property = Connector.NAME_PROPERTY + "=" + WebhookConnector.NAME)
public final class WebhookConnector implements Connector {

    static final String NAME = "webhook";

    private final ConnectorMetadata metadata = new ConnectorMetadata(NAME, "Webhook", "", "Sink results via Webhooks",
            false, true, false, true, true, false, null, resource("table.json"));

    @Override
    public ConnectorMetadata metadata() {
        return metadata;
    }

    @Override
    public ConnectorTable table(TableRequest request) throws ConnectorException {
        Options options = request.options();
        WebhookConfig config = WebhookConfig.check(options.required(HttpOptions.ENDPOINT),
                options.optional(HttpOptions.HEADERS).orElse(null), HttpOptions.environment());
        JsonFormat format = JsonFormat.fromOptions(options, true).orElseThrow();
        options.checkAllKnown();
        if (!request.metadata().isEmpty()) {
            throw new ConnectorException("webhook table '" + request.name() + "' is a sink; it has no metadata columns"
                    + " (METADATA FROM)");
        }
        Schema columns = request.columns() == null ? Schema.of() : request.columns().visible();
        if (columns.size() == 0) {
            throw new ConnectorException("webhook table '" + request.name() + "' needs its columns declared: CREATE "
                    + "TABLE " + request.name() + " (col TYPE, …) WITH (…)");
        }
        Map<String, String> normalized = new LinkedHashMap<>();
        config.putInto(normalized);
        format.putInto(normalized);
        return new ConnectorTable(request.name(), NAME, normalized, columns, Set.of(TableRole.SINK), false);
    }

    /** POSTs a test message to the endpoint, as Arroyo does, and reports the answer. */
    @Override
    public TestResult test(Map<String, String> profile, Map<String, String> table) {
        String endpoint = table.get(HttpOptions.ENDPOINT);
        if (endpoint == null || endpoint.isBlank()) {
            return new TestResult(false, "Missing required option '" + HttpOptions.ENDPOINT + "' for connector '"
                    + NAME + "'");
        }
        try {
            WebhookConfig config = WebhookConfig.check(endpoint, table.get(HttpOptions.HEADERS),
                    HttpOptions.environment());
            HttpRequest.Builder request = HttpRequest.newBuilder(config.endpoint(HttpOptions.environment()))
                    .timeout(WebhookSink.TIMEOUT).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"message\":\"this is a test message from the Wadi webhook sink\"}"));
            for (HttpOptions.Header h : config.headers(HttpOptions.environment())) {
                request.setHeader(h.name(), h.value());
            }
            HttpResponse<Void> response = HttpClient.newBuilder().connectTimeout(WebhookSink.TIMEOUT)
                    .version(HttpClient.Version.HTTP_1_1).build()
                    .send(request.build(), HttpResponse.BodyHandlers.discarding());
            boolean ok = response.statusCode() >= 200 && response.statusCode() < 300;
            return new TestResult(ok, "POST " + config.rawEndpoint() + " answered " + response.statusCode());
        } catch (ConnectorException e) {
            return new TestResult(false, e.getMessage());
        } catch (IOException e) {
            return new TestResult(false, "POST " + endpoint + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new TestResult(false, "interrupted");
        }
    }

    @Override
    public Sink createSink(ConnectorTable table) throws ConnectorException {
        return new WebhookSink(table.name(), WebhookConfig.of(table.options()), table.schema(),
                JsonFormat.fromTableOptions(table.options()), WebhookSink.Retry.DEFAULT);
    }

    private static String resource(String name) {
        try (InputStream in = WebhookConnector.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the webhook bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
