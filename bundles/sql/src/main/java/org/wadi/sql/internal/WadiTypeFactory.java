package org.wadi.sql.internal;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;

/**
 * Calcite's type factory with Wadi's type system, and text in Unicode: Arroyo's strings are UTF-8,
 * while Calcite types character data as ISO-8859-1 unless told, and fails on a literal outside it
 * ({@code 'ꦒ'}) as it converts it.
 */
final class WadiTypeFactory extends JavaTypeFactoryImpl {

    WadiTypeFactory() {
        super(WadiTypeSystem.INSTANCE);
    }

    @Override
    public Charset getDefaultCharset() {
        return StandardCharsets.UTF_16LE;
    }
}
