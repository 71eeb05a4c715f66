package org.wadi.connector.pollinghttp.internal;

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
 * The {@code polling_http} connector, with Arroyo's options: a source requesting {@code endpoint}
 * every {@code poll_interval_ms} (1000 by default) with {@code method} ({@code GET} by default,
 * {@code POST}, {@code PUT}, {@code PATCH}), the optional {@code body} and the {@code headers}
 * given ({@code 'Name: value,Name2: value2'}; endpoint and headers may name environment variables
 * as {@code {{ VAR }}}), emitting every answer ({@code emit_behavior = 'all'}) or only those that
 * differ from the last one ({@code 'changed'}). Each answer is one message of {@code format}
 * ({@code json} or {@code debezium_json}); {@code bad_data} says what to do with one that cannot
 * be decoded.
 */
@Component(service = Connector.class, property = Connector.NAME_PROPERTY + "=" + PollingHttpConnector.NAME)
public final class PollingHttpConnector implements Connector {

    static final String NAME = "polling_http";

    private final ConnectorMetadata metadata = new ConnectorMetadata(NAME, "Polling HTTP", "",
            "Poll an HTTP server to produce events", true, false, false, true, true, false, null,
            resource("table.json"));

    @Override
    public ConnectorMetadata metadata() {
        return metadata;
    }

    @Override
    public ConnectorTable table(TableRequest request) throws ConnectorException {
        Options options = request.options();
        PollingConfig config = PollingConfig.read(options, HttpOptions.environment());
        JsonFormat format = JsonFormat.fromOptions(options, true).orElseThrow();
        BadData badData = BadData.fromOptions(options);
        options.checkAllKnown();
        if (!request.metadata().isEmpty()) {
            throw new ConnectorException("polling_http table '" + request.name() + "': connector 'polling_http' has "
                    + "no metadata keys (METADATA FROM '" + request.metadata().values().iterator().next() + "')");
        }
        Schema columns = request.columns() == null ? Schema.of() : request.columns().visible();
        if (columns.size() == 0) {
            throw new ConnectorException("polling_http table '" + request.name() + "' needs its columns declared: "
                    + "CREATE TABLE " + request.name() + " (col TYPE, …) WITH (…)");
        }
        Map<String, String> normalized = new LinkedHashMap<>();
        config.putInto(normalized);
        format.putInto(normalized);
        normalized.put(BadData.OPTION, badData.option());
        return new ConnectorTable(request.name(), NAME, normalized, columns, Set.of(TableRole.SOURCE), false);
    }

    /** Makes the table's request once and reports the answer's status. */
    @Override
    public TestResult test(Map<String, String> profile, Map<String, String> table) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String k : new String[] {HttpOptions.ENDPOINT, HttpOptions.HEADERS, PollingConfig.METHOD,
                PollingConfig.BODY}) {
            if (table.containsKey(k)) {
                options.put(k, table.get(k));
            }
        }
        try {
            PollingConfig config = PollingConfig.read(new Options(NAME, options), HttpOptions.environment());
            HttpRequest.Builder request = HttpRequest.newBuilder(config.endpoint(HttpOptions.environment()))
                    .timeout(PollingHttpSource.TIMEOUT).method(config.method(), config.body() == null
                            ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(config.body()));
            for (HttpOptions.Header h : config.headers(HttpOptions.environment())) {
                request.header(h.name(), h.value());
            }
            HttpResponse<Void> response = HttpClient.newBuilder().connectTimeout(PollingHttpSource.TIMEOUT)
                    .version(HttpClient.Version.HTTP_1_1).build()
                    .send(request.build(), HttpResponse.BodyHandlers.discarding());
            boolean ok = response.statusCode() >= 200 && response.statusCode() < 300;
            return new TestResult(ok, config.method() + " " + config.rawEndpoint() + " answered "
                    + response.statusCode());
        } catch (ConnectorException e) {
            return new TestResult(false, e.getMessage());
        } catch (IOException e) {
            return new TestResult(false, "requesting " + table.get(HttpOptions.ENDPOINT) + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new TestResult(false, "interrupted");
        }
    }

    @Override
    public Source createSource(ConnectorTable table) throws ConnectorException {
        PayloadDecoder decoder = new PayloadDecoder("polling_http table '" + table.name() + "'", table.schema(),
                JsonFormat.fromTableOptions(table.options()),
                BadData.parse(NAME, table.options().getOrDefault(BadData.OPTION, "fail")));
        return new PollingHttpSource(table.name(), PollingConfig.of(table.options()), decoder);
    }

    private static String resource(String name) {
        try (InputStream in = PollingHttpConnector.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the polling_http bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
