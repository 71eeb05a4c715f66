package org.wadi.storage.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;
import org.wadi.storage.ObjectStore;

/**
 * Prints the put and get throughput of 100 MiB objects to a {@code file:} store and to s3proxy
 * (filesystem backend) in this JVM. A measurement, not a test: nothing is asserted.
 *
 * <pre>
 * mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) org.wadi.storage.internal.StorageThroughput [MiB] [rounds]
 * </pre>
 */
public final class StorageThroughput {

    private StorageThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        long size = (long) mib << 20;
        Path dir = Files.createTempDirectory("wadi-throughput");
        try {
            try (ObjectStore file = new FileObjectStore("file", dir.resolve("file"))) {
                measure("file:", file, size, rounds);
            }
            try (S3ProxyServer server = S3ProxyServer.start(Files.createDirectories(dir.resolve("s3proxy")));
                 StorageComponent provider = new StorageComponent(new StorageSettings("file:///unused", server.settings()))) {
                server.createBucket("throughput");
                try (ObjectStore s3 = provider.open("s3://throughput/wadi")) {
                    measure("s3: (s3proxy, filesystem backend, 8 MiB parts)", s3, size, rounds);
                }
            }
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void measure(String name, ObjectStore store, long size, int rounds) throws IOException {
        byte[] buffer = new byte[1 << 16];
        for (int round = 1; round <= rounds; round++) {
            String key = "bench/" + round;
            long t0 = System.nanoTime();
            store.put(key, TestData.stream(size, round), size);
            long t1 = System.nanoTime();
            long read = 0;
            try (InputStream in = store.getStream(key)) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    read += n;
                }
            }
            long t2 = System.nanoTime();
            if (read != size) {
                throw new IllegalStateException("read " + read + " of " + size + " bytes");
            }
            store.delete(key);
            System.out.printf(Locale.ROOT, "%s round %d: put %d MiB in %.0f ms = %.0f MiB/s, get in %.0f ms = %.0f MiB/s%n",
                    name, round, size >> 20, (t1 - t0) / 1e6, mibPerSecond(size, t1 - t0), (t2 - t1) / 1e6, mibPerSecond(size, t2 - t1));
        }
    }

    private static double mibPerSecond(long bytes, long nanos) {
        return (bytes / (double) (1 << 20)) / (nanos / 1e9);
    }
}
