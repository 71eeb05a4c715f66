package org.wadi.connector.kinesis.internal;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.wadi.formats.testing.ConnectorHarness;
import org.wadi.spi.connector.Collector;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.FileAccess;
import org.wadi.spi.connector.Options;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.SourceContext;
import org.wadi.spi.connector.SourceStatus;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.connector.TaskInfo;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * A Kinesis-compatible server for the tests: kinesalite (npm) in memory on a free loopback port,
 * installed under {@code target/kinesalite} on first use ({@code npm install kinesalite@3.3.3}) and
 * started by the tests themselves; plus helpers. The tests are skipped only when node or npm is
 * absent.
 */
final class KinesisTesting {

    static final String REGION = "us-east-1";
    static final Schema SCHEMA = Schema.of(Field.of("id", DataType.INT64), Field.of("name", DataType.UTF8));

    private KinesisTesting() {
    }

    /** A running kinesalite; {@link #close} stops it. */
    record Server(Process process, URI endpoint) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    static Server start() throws Exception {
        Assumptions.assumeTrue(onPath("node") && onPath("npm"),
                "node and npm are needed to run kinesalite, the Kinesis-compatible test server");
        System.setProperty("aws.accessKeyId", "wadi");
        System.setProperty("aws.secretAccessKey", "wadi-test-secret");
        // kinesalite's CBOR encoding of blobs and timestamps is not the SDK's: speak JSON to it
        System.setProperty("aws.cborEnabled", "false");
        Path dir = Path.of("target", "kinesalite").toAbsolutePath();
        if (!Files.isDirectory(dir.resolve("node_modules").resolve("kinesalite"))) {
            Files.createDirectories(dir);
            Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--silent",
                    "kinesalite@3.3.3").directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("npm.log").toFile()).start();
            if (!npm.waitFor(300, TimeUnit.SECONDS) || npm.exitValue() != 0) {
                fail("npm install kinesalite@3.3.3 failed in " + dir + ": " + Files.readString(dir.resolve("npm.log")));
            }
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String script = "require('kinesalite')({createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0})"
                + ".listen(" + port + ", '127.0.0.1', function (e) { if (e) throw e; console.log('listening') })";
        Process node = new ProcessBuilder("node", "-e", script).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("kinesalite-" + port + ".log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                break;
            } catch (IOException e) {
                if (!node.isAlive() || System.nanoTime() > deadline) {
                    node.destroyForcibly();
                    fail("kinesalite did not start on port " + port + ": "
                            + Files.readString(dir.resolve("kinesalite-" + port + ".log")));
                }
                Thread.sleep(50);
            }
        }
        return new Server(node, URI.create("http://127.0.0.1:" + port));
    }

    static KinesisClient client(Server server) {
        return KinesisClient.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.of(REGION))
                .endpointOverride(server.endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("wadi", "x"))).build();
    }

    /** A name no other test run uses. */
    static String unique(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** Creates a stream with {@code shards} shards and waits until it is active. */
    static void createStream(KinesisClient client, String stream, int shards) throws InterruptedException {
        client.createStream(b -> b.streamName(stream).shardCount(shards));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (client.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary().streamStatus()
                != StreamStatus.ACTIVE) {
            if (System.nanoTime() > deadline) {
                fail("stream " + stream + " not active within 30 s");
            }
            Thread.sleep(20);
        }
    }

    /** Puts rows {@code from..to-1} as JSON records with random partition keys. */
    static void put(KinesisClient client, String stream, int from, int to) {
        for (int start = from; start < to; start += 500) {
            List<PutRecordsRequestEntry> batch = new ArrayList<>();
            for (int i = start; i < Math.min(to, start + 500); i++) {
                batch.add(PutRecordsRequestEntry.builder().partitionKey(UUID.randomUUID().toString())
                        .data(SdkBytes.fromByteArray(json(i))).build());
            }
            int failed = client.putRecords(b -> b.streamName(stream).records(batch)).failedRecordCount();
            if (failed > 0) {
                fail(failed + " records refused");
            }
        }
    }

    static byte[] json(int i) {
        return ("{\"id\":" + i + ",\"name\":\"n" + i + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    static ConnectorTable table(Map<String, String> options) throws Exception {
        return new KinesisConnector().table(new TableRequest("t", SCHEMA, new Options("kinesis", options), null));
    }

    static Map<String, String> options(Server server, String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("aws_region", REGION);
        m.put("aws_endpoint", server.endpoint().toString());
        m.put("format", "json");
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** A source context with every old subtask's state, as the runtime gives it at a restore. */
    record Context(TaskInfo task, List<byte[]> states) implements SourceContext {
        @Override
        public FileAccess files() {
            return null;
        }

        @Override
        public byte[] restoredState() {
            return states.isEmpty() ? null : states.get(task.subtaskIndex() % states.size());
        }

        @Override
        public List<byte[]> restoredStates() {
            return states;
        }
    }

    static Context context(String job, int subtask, int parallelism, List<byte[]> states) {
        return new Context(new ConnectorHarness.Task(job, "source_1", subtask, parallelism), states);
    }

    /** Collects the ids of the rows emitted. */
    static final class Ids implements Collector {
        final List<Long> ids = new ArrayList<>();
        final List<Object[]> rows = new ArrayList<>();

        @Override
        public void collect(Object[] row) {
            rows.add(row);
            ids.add((Long) row[0]);
        }
    }

    /** Polls until {@code out} holds at least {@code count} rows, failing after {@code millis}. */
    static void pollUntil(Source source, Ids out, int count, long millis) throws Exception {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (out.ids.size() < count) {
            if (System.nanoTime() > deadline) {
                fail("source emitted " + out.ids.size() + " rows, expected " + count + " within " + millis + " ms");
            }
            source.poll(out);
        }
    }

    /** Polls a few times (each returns within ~50 ms when idle) and checks that nothing more comes. */
    static void pollIdle(Source source, Ids out, int polls) throws Exception {
        for (int i = 0; i < polls; i++) {
            SourceStatus s = source.poll(out);
            if (s == SourceStatus.FINISHED) {
                fail("an unbounded source finished");
            }
        }
    }

    /** Polls for {@code millis} (a Kinesis source returns at once when every shard waits), collecting what comes. */
    static void pollFor(Source source, Ids out, long millis) throws Exception {
        long end = System.nanoTime() + millis * 1_000_000L;
        while (System.nanoTime() < end) {
            if (source.poll(out) == SourceStatus.IDLE) {
                Thread.sleep(10);
            }
        }
    }
}
