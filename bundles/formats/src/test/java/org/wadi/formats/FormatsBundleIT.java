package org.wadi.formats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.wadi.formats.testing.OsgiTesting;
import org.wadi.spi.types.Schema;

/**
 * The built formats bundle in a plain Felix framework, next to protobuf-java's own bundle (in
 * Karaf, wadi-rpc exports the same package): it resolves with its embedded Avro and without
 * Avro's optional codecs, and decodes Avro (raw datums and container files, which load Avro's
 * codec registry) and Protobuf from inside the bundle. The system bundle exports only our SPI,
 * Jackson and SLF4J from the test's class path; org.wadi.formats comes from the bundle, so the
 * test calls it reflectively.
 */
class FormatsBundleIT {

    @TempDir
    static Path dir;
    static Framework framework;
    static Bundle bundle;

    @BeforeAll
    static void start() throws Exception {
        String system = OsgiTesting.exportsOf(List.of("org.wadi.spi.connector.Connector",
                "com.fasterxml.jackson.databind.ObjectMapper", "com.fasterxml.jackson.core.JsonParser",
                "com.fasterxml.jackson.annotation.JsonProperty", "org.slf4j.Logger"), Set.of());
        framework = new FrameworkFactory().newFramework(Map.of(
                Constants.FRAMEWORK_STORAGE, dir.resolve("felix").toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT,
                Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, system));
        framework.start();
        BundleContext context = framework.getBundleContext();
        Bundle protobuf = context.installBundle(Path.of(System.getProperty("protobuf.bundle")).toUri().toString());
        bundle = context.installBundle(Path.of(System.getProperty("formats.bundle")).toUri().toString());
        protobuf.start();
        bundle.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (framework != null) {
            framework.stop();
            framework.waitForStop(10_000);
        }
    }

    /** Decodes {@code bytes} with the bundle's RowDecoder of {@code format} (built by the bundle's classes). */
    private static List<Object[]> decode(Object format, byte[] bytes) throws Exception {
        Class<?> rowFormat = bundle.loadClass("org.wadi.formats.RowFormat");
        Class<?> resolver = bundle.loadClass("org.wadi.formats.SchemaResolver");
        Class<?> decoderType = bundle.loadClass("org.wadi.formats.RowDecoder");
        Class<?> rowsType = bundle.loadClass("org.wadi.formats.RowDecoder$Rows");
        Object none = resolver.getField("NONE").get(null);
        Object decoder = decoderType.getMethod("create", Schema.class, rowFormat, resolver)
                .invoke(null, Rows8.SCHEMA, format, none);
        List<Object[]> out = new ArrayList<>();
        Object rows = Proxy.newProxyInstance(rowsType.getClassLoader(), new Class<?>[] {rowsType}, (p, m, args) -> {
            if (m.getName().equals("row")) {
                out.add((Object[]) args[1]);
            }
            return null;
        });
        decoderType.getMethod("decode", byte[].class, rowsType).invoke(decoder, bytes, rows);
        return out;
    }

    private static Object avroFormat(boolean rawDatums) throws Exception {
        Class<?> avro = bundle.loadClass("org.wadi.formats.AvroFormat");
        Object f = avro.getConstructor(String.class, boolean.class, boolean.class).newInstance(null, rawDatums, false);
        return bundle.loadClass("org.wadi.formats.RowFormat").getMethod("of", avro).invoke(null, f);
    }

    @Test
    void theBundleResolvesWithItsOwnFormatsPackage() throws Exception {
        assertEquals(Bundle.ACTIVE, bundle.getState());
        assertNotSame(RowFormat.class, bundle.loadClass("org.wadi.formats.RowFormat"));
    }

    @Test
    void theBundleExportsTheConnectorSupportPackage() throws Exception {
        String exports = bundle.getHeaders().get(Constants.EXPORT_PACKAGE);
        assertTrue(exports.contains("org.wadi.formats.support;version=\"1.0.0\""), exports);
        assertEquals("org.wadi.formats.support.LaneStates", bundle.loadClass("org.wadi.formats.support.LaneStates")
                .getName());
    }

    @Test
    void decodesAvroInsideTheBundle() throws Exception {
        byte[] datum = RowEncoder.create(Rows8.SCHEMA, RowFormat.of(new AvroFormat(null, true, false)), -1)
                .encode(Rows8.row(6));
        assertEquals(6L, decode(avroFormat(true), datum).get(0)[0]);
        byte[] file = RowEncoder.create(Rows8.SCHEMA, RowFormat.of(new AvroFormat(null, false, false)), -1)
                .encode(Rows8.row(8));
        Object[] row = decode(avroFormat(false), file).get(0);
        assertEquals(8L, row[0]);
        assertArrayEquals((Object[]) Rows8.row(8)[7], (Object[]) row[7]);
    }

    @Test
    void encodesAvroContainerFilesInsideTheBundle() throws Exception {
        Class<?> rowFormat = bundle.loadClass("org.wadi.formats.RowFormat");
        Object encoder = bundle.loadClass("org.wadi.formats.RowEncoder").getMethod("create", Schema.class, rowFormat,
                int.class).invoke(null, Rows8.SCHEMA, avroFormat(false), -1);
        Method encode = encoder.getClass().getMethod("encode", Object[].class);
        encode.setAccessible(true);
        byte[] bytes = (byte[]) encode.invoke(encoder, (Object) Rows8.row(2));
        List<Object[]> back = new ArrayList<>();
        RowDecoder.create(Rows8.SCHEMA, RowFormat.of(new AvroFormat(null, false, false)), SchemaResolver.NONE)
                .decode(bytes, (k, v) -> back.add(v));
        assertEquals(2L, back.get(0)[0]);
    }

    @Test
    void decodesProtobufInsideTheBundle() throws Exception {
        Class<?> proto = bundle.loadClass("org.wadi.formats.ProtobufFormat");
        Object f = proto.getConstructor(byte[].class, String.class, boolean.class, boolean.class)
                .newInstance(ProtobufFormatTest.compiledSchema(), "shop.Order", false, false);
        Object format = bundle.loadClass("org.wadi.formats.RowFormat").getMethod("of", proto).invoke(null, f);
        Class<?> rowFormat = bundle.loadClass("org.wadi.formats.RowFormat");
        Class<?> resolver = bundle.loadClass("org.wadi.formats.SchemaResolver");
        Class<?> decoderType = bundle.loadClass("org.wadi.formats.RowDecoder");
        Class<?> rowsType = bundle.loadClass("org.wadi.formats.RowDecoder$Rows");
        Object decoder = decoderType.getMethod("create", Schema.class, rowFormat, resolver)
                .invoke(null, ProtobufFormatTest.COLUMNS, format, resolver.getField("NONE").get(null));
        List<Object[]> out = new ArrayList<>();
        Object rows = Proxy.newProxyInstance(rowsType.getClassLoader(), new Class<?>[] {rowsType}, (p, m, args) -> {
            if (m.getName().equals("row")) {
                out.add((Object[]) args[1]);
            }
            return null;
        });
        decoderType.getMethod("decode", byte[].class, rowsType).invoke(decoder, ProtobufFormatTest.message(4).toByteArray(),
                rows);
        assertEquals(4L, out.get(0)[0]);
        assertEquals("PAID", out.get(0)[3]);
    }
}
