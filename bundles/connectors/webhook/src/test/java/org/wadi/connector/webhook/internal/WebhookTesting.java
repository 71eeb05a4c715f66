package org.wadi.connector.webhook.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Options;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;

/** Shared helpers of the webhook tests. */
final class WebhookTesting {

    static final Schema SCHEMA = Schema.of(Field.of("id", DataType.INT64), Field.of("name", DataType.UTF8));

    private WebhookTesting() {
    }

    static Map<String, String> options(String endpoint, String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("endpoint", endpoint);
        m.put("format", "json");
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    static ConnectorTable table(Map<String, String> options) throws Exception {
        return new WebhookConnector().table(new TableRequest("hooks", SCHEMA, new Options("webhook", options), null,
                List.of()));
    }
}
