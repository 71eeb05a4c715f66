package org.wadi.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the REST API through the real HTTP server: requests generated from the server's own
 * OpenAPI document — a valid body for every POST, PATCH and PUT, then mutated (wrong types, missing
 * and extra fields, huge strings and numbers, deep nesting, invalid UTF-8, truncated JSON, wrong
 * content types, random bytes) — and random path parameters and query strings on the GETs and
 * DELETEs. Every answer must come within {@link #RESPONSE_BOUND}, with a status below 500 and no
 * stack trace or Java class name in its body; afterwards the server must still answer ping and run a
 * normal pipeline.
 *
 * <p>The cases come from one seeded {@link Random}, so a failure reproduces exactly with its seed:
 * {@code -Dwadi.fuzz.seed=…}. {@code -Dwadi.fuzz.cases=10000} is the long form
 * ({@code bench/api/fuzz-long.sh}); the default of 1,000 cases keeps the test short. A seeded
 * generator rather than a property-testing framework: the state under test is one server shared by
 * all cases, which shrinking could not reset, and the seed with a case number already names the
 * request that failed.
 */
class ApiFuzzIT {

    private static final int CASES = Integer.getInteger("wadi.fuzz.cases", 1000);
    private static final long SEED = Long.getLong("wadi.fuzz.seed", System.nanoTime());
    /** Longer than any answer of a healthy server (planning a 100,000-character query included): beyond it is a hang. */
    private static final Duration RESPONSE_BOUND = Duration.ofSeconds(30);
    /** The server's cap on running pipelines in this test, so that fuzzed creations that stay valid run few jobs. */
    private static final int MAX_PIPELINES = 4;
    /** How long an output stream's client may read nothing while rows wait, in this test's server. */
    private static final int STALL_SECONDS = 5;
    /**
     * What must never reach a client: stack frames, exception names, and the classes of the JDK, the
     * libraries and Wadi's internals (the public SPI's interfaces may be named in guidance, as the
     * README names them, and so may configuration files such as {@code org.wadi.api.cfg}).
     */
    private static final Pattern LEAK = Pattern.compile(
            "Exception|\\bat [a-z][\\w$]*(\\.[\\w$]+)+\\(|\\.java:\\d+|"
                    + "\\b(java|javax|jdk|sun|com\\.fasterxml|org\\.apache|org\\.eclipse|org\\.ops4j|org\\.osgi)"
                    + "(\\.[a-z][a-z0-9_]*)*\\.[A-Z]|\\borg\\.wadi(\\.[a-z0-9_]+)*\\.internal\\.");
    /** The API's own documentation, which names its types: exempt from the check for internals. */
    private static final String DOCUMENT = "/api-docs/openapi.json";

    private static final String VALID_QUERY = "CREATE TABLE impulse WITH (connector = 'impulse', event_rate = '1000',"
            + " message_count = '5');\nCREATE TABLE sink (counter BIGINT UNSIGNED) WITH (connector = 'blackhole');\n"
            + "INSERT INTO sink SELECT counter FROM impulse;";
    private static final String VALID_UDF = "public class Twice { public static long twice(long n) { return 2 * n; } }";

    private static Wadi wadi;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        wadi = Wadi.start("apifuzz", Map.of("WADI_SCHEDULER", "embedded",
                "WADI_API_MAX_PIPELINES", Integer.toString(MAX_PIPELINES),
                "WADI_API_OUTPUT_STREAM_STALL_SECONDS", Integer.toString(STALL_SECONDS)));
    }

    @AfterAll
    static void stop() {
        if (wadi != null) {
            wadi.close();
        }
    }

    @Test
    void noGeneratedRequestGetsAServerErrorAStackTraceOrNoAnswer() throws Exception {
        String pipeline = wadi.createPipeline("fuzz-target", VALID_QUERY, 1);
        String job = wadi.job(pipeline).get("id").asText();
        JsonNode doc = wadi.get("/api/v1/api-docs/openapi.json").json();
        List<Operation> operations = Operation.all(doc);
        assertTrue(operations.stream().anyMatch(o -> o.body() != null && o.path().equals("/pipelines")),
                "the OpenAPI document lists no POST /pipelines: " + operations);

        Generator gen = new Generator(new Random(SEED), doc, pipeline, job);
        List<String> failures = new ArrayList<>();
        Map<String, Integer> statuses = new TreeMap<>();
        long started = System.nanoTime();
        for (int i = 0; i < CASES && failures.size() < 20; i++) {
            Request request = gen.next(operations);
            String problem = check(request, statuses);
            if (problem != null) {
                failures.add("case " + i + ": " + request + "\n    " + problem);
            }
        }
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        System.out.printf("ApiFuzzIT: %d cases in %d s, seed %d, statuses %s%n", CASES, seconds, SEED, statuses);
        if (!failures.isEmpty()) {
            fail(failures.size() + " of the generated requests failed (reproduce with -Dwadi.fuzz.seed=" + SEED
                    + " -Dwadi.fuzz.cases=" + CASES + "):\n" + String.join("\n", failures));
        }

        // the server is healthy afterwards: ping, and a normal pipeline runs to its end
        assertEquals(200, wadi.get("/api/v1/ping").status(), "ping after the fuzz");
        stopEveryPipeline();
        String after = wadi.createPipeline("after-fuzz", VALID_QUERY, 1);
        JsonNode end = wadi.awaitFinalJob(after, Duration.ofSeconds(120));
        assertEquals("Finished", end.get("state").asText(), "the job of a pipeline created after the fuzz: " + end);
    }

    /** The server's cap on running pipelines: one more is refused with a 4xx that says why, and accepted once one ends. */
    @Test
    void theRunningPipelineCapRefusesOneMoreWithAClearMessage() {
        stopEveryPipeline();
        String longRunning = "CREATE TABLE impulse WITH (connector = 'impulse', event_rate = '1');\n"
                + "CREATE TABLE sink (counter BIGINT UNSIGNED) WITH (connector = 'blackhole');\n"
                + "INSERT INTO sink SELECT counter FROM impulse;";
        List<String> running = new ArrayList<>();
        for (int i = 0; i < MAX_PIPELINES; i++) {
            running.add(wadi.createPipeline("capped-" + i, longRunning, 1));
        }
        String body = Wadi.JSON.createObjectNode().put("name", "one-too-many").put("query", longRunning)
                .put("parallelism", 1).toString();
        Wadi.Response refused = wadi.post("/api/v1/pipelines", body);
        assertEquals(409, refused.status(), refused.body());
        assertTrue(refused.json().get("error").asText().contains("api.max.pipelines"), refused.body());
        Wadi.Response preview = wadi.post("/api/v1/pipelines/preview",
                Wadi.JSON.createObjectNode().put("query", longRunning).toString());
        assertEquals(409, preview.status(), preview.body());

        stopEveryPipeline();
        String accepted = wadi.createPipeline("after-cap", VALID_QUERY, 1);
        assertEquals("Finished", wadi.awaitFinalJob(accepted, Duration.ofSeconds(120)).get("state").asText());
    }

    /**
     * A client that opens a job's output stream and never reads neither slows the job nor another
     * client of the same stream, and is dropped with the reason logged once rows have waited for it
     * longer than api.output.stream.stall.seconds.
     */
    @Test
    void aStalledOutputClientBlocksNeitherTheJobNorAnotherClient() throws Exception {
        stopEveryPipeline();
        String query = "CREATE TABLE impulse WITH (connector = 'impulse', event_rate = '10000');\n"
                + "SELECT counter, 'padding to make each row a little larger than a counter' AS text FROM impulse;";
        Wadi.Response created = wadi.post("/api/v1/pipelines/preview", Wadi.JSON.createObjectNode().put("query", query).toString());
        assertEquals(200, created.status(), created.body());
        String pipeline = created.json().get("id").asText();
        String job = wadi.job(pipeline).get("id").asText();
        wadi.waitUntil("the preview runs", Duration.ofSeconds(60),
                () -> "Running".equals(wadi.job(pipeline).get("state").asText()));
        String path = "/api/v1/pipelines/" + pipeline + "/jobs/" + job + "/output";

        try (java.net.Socket stalled = new java.net.Socket()) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new java.net.InetSocketAddress("127.0.0.1", wadi.httpPort()), 5000);
            stalled.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            stalled.getOutputStream().flush();
            // …and never reads. Another client reads all along:
            java.util.concurrent.atomic.AtomicLong rows = new java.util.concurrent.atomic.AtomicLong();
            java.util.concurrent.atomic.AtomicReference<java.util.stream.Stream<String>> lines =
                    new java.util.concurrent.atomic.AtomicReference<>();
            CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> reader = HTTP.sendAsync(
                    HttpRequest.newBuilder(wadi.uri(path)).header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofLines());
            Thread counting = new Thread(() -> {
                try (java.util.stream.Stream<String> body = reader.get(30, TimeUnit.SECONDS).body()) {
                    lines.set(body);
                    body.filter(l -> l.startsWith("data:")).forEach(l -> rows.incrementAndGet());
                } catch (Exception e) {
                    // the stream ends when the test cancels it
                }
            }, "output-reader");
            counting.setDaemon(true);
            counting.start();
            try {
                java.nio.file.Path log = wadi.home().resolve("data/log/karaf.log");
                wadi.waitUntil("the stalled client is dropped with its reason logged", Duration.ofSeconds(50),
                        () -> logContains(log, "Closing an output stream of job " + job + ": its client read nothing"));
                long before = rows.get();
                assertTrue(before > 0, "the reading client got no rows while the other one stalled");
                wadi.waitUntil("the reading client gets more rows", Duration.ofSeconds(30), () -> rows.get() > before + 100);
                assertEquals(200, wadi.get("/api/v1/ping").status());
                assertEquals("Running", wadi.job(pipeline).get("state").asText(), "the job, while a client stalled");
            } finally {
                reader.cancel(true);
                if (lines.get() != null) {
                    lines.get().close();
                }
            }
        }
        stopEveryPipeline();
    }

    private static boolean logContains(java.nio.file.Path log, String text) {
        try {
            return java.nio.file.Files.readString(log, StandardCharsets.ISO_8859_1).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops every pipeline that still runs, and waits until their jobs have ended. */
    private static void stopEveryPipeline() {
        List<String> ids = new ArrayList<>();
        String after = null;
        while (true) {
            JsonNode page = wadi.get("/api/v1/pipelines?limit=1000" + (after == null ? "" : "&starting_after=" + after)).json();
            for (JsonNode p : page.get("data")) {
                ids.add(p.get("id").asText());
                after = p.get("id").asText();
            }
            if (!page.path("hasMore").asBoolean()) {
                break;
            }
        }
        Set<String> ended = Set.of("Finished", "Failed", "Stopped");
        for (String id : ids) {
            if (!ended.contains(wadi.job(id).get("state").asText())) {
                Wadi.Response r = wadi.send(HttpRequest.newBuilder(wadi.uri("/api/v1/pipelines/" + id))
                        .header("Content-Type", "application/json")
                        .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"stop\": \"immediate\"}")));
                assertEquals(200, r.status(), "stopping " + id + ": " + r.body());
            }
        }
        for (String id : ids) {
            wadi.awaitFinalJob(id, Duration.ofSeconds(120));
        }
    }

    /** Sends one request; what is wrong with its answer, or {@code null}. */
    private static String check(Request request, Map<String, Integer> statuses) throws InterruptedException {
        HttpRequest.Builder b;
        try {
            b = HttpRequest.newBuilder(wadi.uri("/api/v1" + request.path())).timeout(RESPONSE_BOUND);
        } catch (IllegalArgumentException e) {
            return null; // a path the client itself refuses to send: nothing reached the server
        }
        if (request.contentType() != null) {
            b.header("Content-Type", request.contentType());
        }
        b.method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        // the whole exchange, body included, must end within the bound; an event stream (a job's output,
        // a connection test) is an answer once its headers came, and is closed then
        HttpResponse.BodyHandler<String> handler = info -> {
            boolean stream = info.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream");
            return stream ? HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofInputStream(), in -> {
                try {
                    in.close();
                } catch (IOException e) {
                    // closing only cancels the stream
                }
                return "";
            }) : HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8);
        };
        CompletableFuture<HttpResponse<String>> exchange = HTTP.sendAsync(b.build(), handler);
        HttpResponse<String> r;
        try {
            r = exchange.get(RESPONSE_BOUND.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return "no complete answer within " + RESPONSE_BOUND;
        } catch (ExecutionException e) {
            // the server may close a connection after refusing a body it will not read (413): that is an answer
            return request.body() != null && request.body().length > 1_000_000 ? null
                    : "the connection failed: " + e.getCause();
        }
        statuses.merge(Integer.toString(r.statusCode()), 1, Integer::sum);
        if (r.statusCode() >= 500) {
            return "status " + r.statusCode() + ": " + abbreviate(r.body());
        }
        if (!request.path().startsWith(DOCUMENT) && LEAK.matcher(r.body()).find()) {
            return "status " + r.statusCode() + " with internals in the body: " + abbreviate(r.body());
        }
        return null;
    }

    static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "… (" + s.length() + " characters)";
    }

    /** One operation of the OpenAPI document; {@code body} is the schema of its JSON body, or null. */
    record Operation(String method, String path, JsonNode body, String bodyType, List<String> queryParams) {

        static List<Operation> all(JsonNode doc) {
            List<Operation> out = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
                Map.Entry<String, JsonNode> p = paths.next();
                for (Iterator<Map.Entry<String, JsonNode>> ops = p.getValue().fields(); ops.hasNext(); ) {
                    Map.Entry<String, JsonNode> op = ops.next();
                    JsonNode content = op.getValue().path("requestBody").path("content");
                    String type = content.fieldNames().hasNext() ? content.fieldNames().next() : null;
                    List<String> query = new ArrayList<>();
                    for (JsonNode param : op.getValue().path("parameters")) {
                        if ("query".equals(param.path("in").asText())) {
                            query.add(param.path("name").asText());
                        }
                    }
                    out.add(new Operation(op.getKey().toUpperCase(java.util.Locale.ROOT), p.getKey(),
                            type == null ? null : content.get(type).get("schema"), type, query));
                }
            }
            return out;
        }
    }

    /** A generated request. */
    record Request(String method, String path, String contentType, byte[] body, String mutation) {

        @Override
        public String toString() {
            String shown = body == null ? "no body" : abbreviate(new String(body, StandardCharsets.UTF_8));
            return method + " " + abbreviate(path) + " [" + mutation + ", " + contentType + "] " + shown;
        }
    }

    /** Makes the requests: valid ones from the document's schemas, then broken in one of many ways. */
    static final class Generator {

        private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
        private static final String[] WEIRD_STRINGS = {"", " ", "null", "0", "-1", "true", "{}", "[]", "%s%n",
            "../../etc/passwd", "\u0000", "\u202e\u0301", "\uD83D\uDE00", "'; DROP TABLE pipelines; --",
            "SELECT 1", "${env:HOME}", "{{ HOME }}", "\\", "\"", "\n\r\t", "a".repeat(256)};
        private static final String[] CONTENT_TYPES = {"text/plain", "application/xml", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x", "application/octet-stream", "application/json; charset=latin1",
            "application/json; charset=utf-16", "application/*", "garbage", ""};

        private final Random random;
        private final JsonNode schemas;
        private final String pipelineId;
        private final String jobId;

        Generator(Random random, JsonNode doc, String pipelineId, String jobId) {
            this.random = random;
            this.schemas = doc.path("components").path("schemas");
            this.pipelineId = pipelineId;
            this.jobId = jobId;
        }

        Request next(List<Operation> operations) {
            Operation op = operations.get(random.nextInt(operations.size()));
            String path = path(op);
            if (op.body() == null) {
                return new Request(op.method(), path, null, null, "parameters");
            }
            if (!op.bodyType().equals("application/json")) {
                return new Request(op.method(), path, op.bodyType(), randomBytes(random.nextInt(4096)), "raw body");
            }
            JsonNode valid = valid(op.path(), "", op.body(), 0);
            return mutate(op.method(), path, valid);
        }

        // ---- paths and query strings

        private String path(Operation op) {
            StringBuilder p = new StringBuilder();
            for (String segment : op.path().split("/")) {
                if (segment.isEmpty()) {
                    continue;
                }
                p.append('/');
                if (segment.startsWith("{")) {
                    p.append(param(segment));
                } else {
                    p.append(segment);
                }
            }
            List<String> query = new ArrayList<>(op.queryParams());
            if (random.nextInt(4) == 0) {
                query.add(word());
            }
            StringBuilder q = new StringBuilder();
            for (String name : query) {
                if (random.nextBoolean()) {
                    q.append(q.length() == 0 ? '?' : '&').append(name).append('=').append(encode(queryValue()));
                }
            }
            return p.append(q).toString();
        }

        private String param(String segment) {
            int choice = random.nextInt(6);
            if (choice < 3) {
                return switch (segment) {
                    case "{id}" -> pipelineId;
                    case "{job_id}" -> jobId;
                    case "{epoch}" -> Integer.toString(random.nextInt(3));
                    default -> word();
                };
            }
            return switch (choice) {
                case 3 -> encode(WEIRD_STRINGS[random.nextInt(WEIRD_STRINGS.length)]);
                case 4 -> Long.toString(random.nextLong());
                default -> encode("x".repeat(1 + random.nextInt(5000)));
            };
        }

        private String queryValue() {
            return switch (random.nextInt(7)) {
                case 0 -> Integer.toString(random.nextInt(2000) - 500);
                case 1 -> "99999999999999999999999999";
                case 2 -> "1.5e300";
                case 3 -> pipelineId;
                case 4 -> WEIRD_STRINGS[random.nextInt(WEIRD_STRINGS.length)];
                case 5 -> "a".repeat(random.nextInt(10_000));
                default -> word();
            };
        }

        private static String encode(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
        }

        // ---- valid bodies

        /** A valid value of {@code schema}, with meaningful values for the fields whose meaning we know. */
        private JsonNode valid(String path, String field, JsonNode schema, int depth) {
            if (schema.has("$ref")) {
                String name = schema.get("$ref").asText().replace("#/components/schemas/", "");
                return depth > 3 ? NODES.nullNode() : valid(path, field, schemas.get(name), depth + 1);
            }
            JsonNode known = known(path, field);
            if (known != null) {
                return known;
            }
            if (schema.has("enum")) {
                JsonNode values = schema.get("enum");
                return values.get(random.nextInt(values.size()));
            }
            String type = schema.path("type").asText("object");
            switch (type) {
                case "string":
                    return NODES.textNode(word());
                case "integer":
                    return NODES.numberNode(1 + random.nextInt(4));
                case "number":
                    return NODES.numberNode(random.nextDouble());
                case "boolean":
                    return NODES.booleanNode(random.nextBoolean());
                case "array": {
                    ArrayNode a = NODES.arrayNode();
                    if (depth < 4 && random.nextBoolean()) {
                        a.add(valid(path, field, schema.path("items"), depth + 1));
                    }
                    return a;
                }
                default: {
                    ObjectNode o = NODES.objectNode();
                    for (Iterator<Map.Entry<String, JsonNode>> props = schema.path("properties").fields(); props.hasNext(); ) {
                        Map.Entry<String, JsonNode> prop = props.next();
                        o.set(prop.getKey(), valid(path, prop.getKey(), prop.getValue(), depth + 1));
                    }
                    return o;
                }
            }
        }

        /** Values that make a body pass the server's checks, so that mutations reach deeper. */
        private JsonNode known(String path, String field) {
            return switch (field) {
                case "query" -> NODES.textNode(VALID_QUERY);
                case "parallelism" -> NODES.numberNode(1);
                case "checkpoint_interval_micros" -> path.equals("/pipelines") ? NODES.numberNode(10_000_000) : null;
                case "state_url", "connection_profile_id" -> NODES.nullNode();
                case "preview", "enable_sinks" -> NODES.booleanNode(false);
                case "language" -> NODES.textNode("java");
                case "definition" -> path.startsWith("/udfs") || path.startsWith("/pipelines") ? NODES.textNode(VALID_UDF) : null;
                case "udfs" -> NODES.arrayNode();
                case "connector" -> NODES.textNode(random.nextBoolean() ? "impulse" : "blackhole");
                case "config" -> NODES.objectNode().put("event_rate", "10");
                case "name" -> NODES.textNode("fuzz-" + random.nextInt(1_000_000));
                default -> null;
            };
        }

        // ---- mutations

        private Request mutate(String method, String path, JsonNode valid) {
            String json = "application/json";
            int kind = random.nextInt(16);
            switch (kind) {
                case 0:
                    return new Request(method, path, json, bytes(valid), "valid");
                case 1: {
                    JsonNode body = valid.deepCopy();
                    replaceField(body, wrongType());
                    return new Request(method, path, json, bytes(body), "wrong type");
                }
                case 2: {
                    JsonNode body = valid.deepCopy();
                    if (body instanceof ObjectNode o && o.size() > 0) {
                        o.remove(fieldOf(o));
                    }
                    return new Request(method, path, json, bytes(body), "missing field");
                }
                case 3: {
                    JsonNode body = valid.deepCopy();
                    if (body instanceof ObjectNode o) {
                        o.set(word(), wrongType());
                    }
                    return new Request(method, path, json, bytes(body), "extra field");
                }
                case 4: {
                    JsonNode body = valid.deepCopy();
                    int length = random.nextInt(4) == 0 ? 1_100_000 : random.nextInt(200_000);
                    replaceField(body, NODES.textNode(hugeText(length)));
                    return new Request(method, path, json, bytes(body), "huge string");
                }
                case 5: {
                    String number = switch (random.nextInt(6)) {
                        case 0 -> "1" + "0".repeat(random.nextInt(5000));
                        case 1 -> "-9223372036854775809";
                        case 2 -> "1e400";
                        case 3 -> "-0.0000000000000000000000001";
                        case 4 -> "9223372036854775807";
                        default -> "1" + "1".repeat(random.nextInt(100)) + ".5e-99999";
                    };
                    return new Request(method, path, json, rawField(valid, number), "huge number");
                }
                case 6: {
                    int depth = 1 + random.nextInt(random.nextBoolean() ? 100 : 100_000);
                    String open = random.nextBoolean() ? "[" : "{\"a\":";
                    String close = open.equals("[") ? "]" : "}";
                    String nested = open.repeat(depth) + "1" + close.repeat(depth);
                    byte[] body = random.nextBoolean() ? nested.getBytes(StandardCharsets.UTF_8) : rawField(valid, nested);
                    return new Request(method, path, json, body, "deep nesting " + depth);
                }
                case 7:
                    return new Request(method, path, json, invalidUtf8(bytes(valid)), "invalid UTF-8");
                case 8: {
                    byte[] whole = bytes(valid);
                    byte[] cut = java.util.Arrays.copyOf(whole, whole.length == 0 ? 0 : random.nextInt(whole.length));
                    return new Request(method, path, json, cut, "truncated");
                }
                case 9:
                    return new Request(method, path, CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)], bytes(valid),
                            "wrong content type");
                case 10:
                    return new Request(method, path, random.nextBoolean() ? json : null, randomBytes(random.nextInt(2048)),
                            "random bytes");
                case 11:
                    return new Request(method, path, json, new byte[0], "empty body");
                case 12: {
                    String literal = new String[] {"null", "[]", "\"text\"", "42", "true", "{}", "[{}]", "{\"\":null}"}[random.nextInt(8)];
                    return new Request(method, path, json, literal.getBytes(StandardCharsets.UTF_8), "other JSON value");
                }
                case 13: {
                    String text = new String(bytes(valid), StandardCharsets.UTF_8);
                    String broken = switch (random.nextInt(5)) {
                        case 0 -> text.replaceFirst("\"", "'");
                        case 1 -> text.replaceFirst(":", "");
                        case 2 -> text + text;
                        case 3 -> text.replaceFirst("\"([a-z_]+)\":", "\"$1\":\"\\\\ud800\",\"$1\":");
                        default -> text.replaceFirst("\\{", "{/* comment */");
                    };
                    return new Request(method, path, json, broken.getBytes(StandardCharsets.UTF_8), "broken syntax");
                }
                case 14: {
                    JsonNode body = valid.deepCopy();
                    replaceField(body, NODES.textNode(WEIRD_STRINGS[random.nextInt(WEIRD_STRINGS.length)]));
                    return new Request(method, path, json, bytes(body), "odd string");
                }
                default: {
                    JsonNode body = valid.deepCopy();
                    ObjectNode many = NODES.objectNode();
                    for (int i = random.nextInt(20_000); i > 0; i--) {
                        many.put("k" + i, i);
                    }
                    replaceField(body, many);
                    return new Request(method, path, json, bytes(body), "many fields");
                }
            }
        }

        private JsonNode wrongType() {
            return switch (random.nextInt(8)) {
                case 0 -> NODES.nullNode();
                case 1 -> NODES.numberNode(random.nextLong());
                case 2 -> NODES.numberNode(random.nextDouble() * 1e300);
                case 3 -> NODES.booleanNode(random.nextBoolean());
                case 4 -> NODES.arrayNode().add(1).add("two");
                case 5 -> NODES.objectNode().put("nested", word());
                case 6 -> NODES.textNode(word());
                default -> NODES.textNode(Long.toString(random.nextLong()));
            };
        }

        /** Replaces a field (anywhere in the body) by {@code value}; a body that is no object gets replaced whole. */
        private void replaceField(JsonNode body, JsonNode value) {
            JsonNode target = body;
            while (true) {
                if (!(target instanceof ObjectNode o) || o.size() == 0) {
                    return;
                }
                String name = fieldOf(o);
                JsonNode child = o.get(name);
                if (child instanceof ObjectNode c && c.size() > 0 && random.nextBoolean()) {
                    target = c;
                    continue;
                }
                o.set(name, value);
                return;
            }
        }

        private String fieldOf(ObjectNode o) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            return names.get(random.nextInt(names.size()));
        }

        /** The body with one top-level field's value replaced by raw JSON text (which a tree could not hold). */
        private byte[] rawField(JsonNode valid, String raw) {
            if (!(valid instanceof ObjectNode o) || o.size() == 0) {
                return raw.getBytes(StandardCharsets.UTF_8);
            }
            ObjectNode copy = o.deepCopy();
            String name = fieldOf(copy);
            copy.put(name, "\u0001placeholder\u0001");
            return copy.toString().replace("\"\\u0001placeholder\\u0001\"", raw).getBytes(StandardCharsets.UTF_8);
        }

        private byte[] invalidUtf8(byte[] body) {
            byte[][] bad = {{(byte) 0xC3}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0x80}};
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            String text = new String(body, StandardCharsets.UTF_8);
            int quote = text.indexOf('"', Math.max(0, text.indexOf(':')));
            int at = quote < 0 ? random.nextInt(body.length + 1) : text.substring(0, quote + 1).getBytes(StandardCharsets.UTF_8).length;
            out.write(body, 0, at);
            out.writeBytes(bad[random.nextInt(bad.length)]);
            out.write(body, at, body.length - at);
            return out.toByteArray();
        }

        private String hugeText(int length) {
            StringBuilder sb = new StringBuilder(length);
            String unit = random.nextBoolean() ? "x" : "\u00e9\u4e2d";
            while (sb.length() < length) {
                sb.append(unit);
            }
            return sb.toString();
        }

        private byte[] randomBytes(int n) {
            byte[] b = new byte[n];
            random.nextBytes(b);
            return b;
        }

        /** A short lower-case word: never one that could look like a leak in an answer that echoes it. */
        private String word() {
            StringBuilder sb = new StringBuilder();
            for (int i = 1 + random.nextInt(10); i > 0; i--) {
                sb.append((char) ('a' + random.nextInt(26)));
            }
            return sb.toString();
        }

        private static byte[] bytes(JsonNode node) {
            return node.toString().getBytes(StandardCharsets.UTF_8);
        }
    }
}
