package org.wadi.connector.kafka.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.wadi.formats.SchemaResolver;
import org.wadi.spi.connector.ConnectorException;

/**
 * Talks to a Confluent Schema Registry over its REST API with the JDK's HTTP client (Confluent's
 * own client library is not used): registering a schema (Avro or JSON) under a subject, which returns
 * the schema's id (the registry gives the existing id when the same schema is registered again),
 * looking up a writer's schema by id (as the formats' {@link SchemaResolver}: readers cache per
 * id), and checking that the registry answers.
 */
final class SchemaRegistryClient implements SchemaResolver {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final SchemaRegistryConfig config;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    SchemaRegistryClient(SchemaRegistryConfig config) {
        this.config = config;
    }

    /**
     * Registers a schema under {@code subject}; returns its id.
     *
     * @param schemaType {@code AVRO} or {@code JSON}, as the registry names them
     * @param schema the schema text (an Avro schema or a JSON Schema document)
     */
    int register(String subject, String schemaType, String schema) throws ConnectorException {
        String body = MAPPER.createObjectNode().put("schemaType", schemaType).put("schema", schema).toString();
        JsonNode answer = call(request("/subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8)
                + "/versions").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                "registering the schema of subject '" + subject + "'");
        JsonNode id = answer.get("id");
        if (id == null || !id.canConvertToInt()) {
            throw new ConnectorException("Schema Registry at " + config + " answered the registration of subject '"
                    + subject + "' without a schema id: " + answer);
        }
        return id.intValue();
    }

    /** The schema text registered under {@code id} ({@code GET /schemas/ids/{id}}). */
    @Override
    public String schema(int id) throws ConnectorException {
        JsonNode answer = call(request("/schemas/ids/" + id).GET().build(), "looking up schema id " + id);
        JsonNode schema = answer.get("schema");
        if (schema == null || !schema.isTextual()) {
            throw new ConnectorException("Schema Registry at " + config + " answered the lookup of schema id " + id
                    + " without a schema: " + answer);
        }
        return schema.asText();
    }

    /** Lists the subjects: a connection test. */
    JsonNode subjects() throws ConnectorException {
        return call(request("/subjects").GET().build(), "listing subjects");
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(config.endpoint() + path)).timeout(TIMEOUT)
                .header("Accept", CONTENT_TYPE).header("Content-Type", CONTENT_TYPE);
        if (config.apiKey() != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (config.apiKey() + ":" + config.apiSecret()).getBytes(StandardCharsets.UTF_8)));
        }
        return b;
    }

    private JsonNode call(HttpRequest request, String what) throws ConnectorException {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ConnectorException("Schema Registry at " + config + " cannot be reached while " + what + ": " + e,
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorException("interrupted while " + what + " at the Schema Registry " + config, e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new ConnectorException("Schema Registry at " + config + " refused " + what + ": HTTP "
                    + response.statusCode() + " " + response.body());
        }
        try {
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new ConnectorException("Schema Registry at " + config + " answered " + what + " with something that "
                    + "is not JSON: " + response.body(), e);
        }
    }
}
