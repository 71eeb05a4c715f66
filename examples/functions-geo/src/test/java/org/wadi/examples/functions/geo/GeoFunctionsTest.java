package org.wadi.examples.functions.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GeoFunctionsTest {

    @Test
    void haversineGivesGreatCircleDistances() throws Exception {
        HaversineKm f = new HaversineKm();
        // Paris (48.8566, 2.3522) to London (51.5074, -0.1278): about 343.5 km
        assertEquals(343.5, (Double) f.invoke(new Object[] {48.8566, 2.3522, 51.5074, -0.1278}), 0.5);
        assertEquals(0.0, (Double) f.invoke(new Object[] {10.0, 20.0, 10.0, 20.0}), 1e-9);
        // half the circumference between antipodes
        assertEquals(Math.PI * HaversineKm.EARTH_RADIUS_KM, (Double) f.invoke(new Object[] {0.0, 0.0, 0.0, 180.0}),
                1e-6);
    }

    @Test
    void geohashMatchesTheReferenceEncoding() throws Exception {
        Geohash f = new Geohash();
        // the example point of the geohash article: 57.64911, 10.40744 → u4pruydqqvj
        assertEquals("u4pruydqqvj", f.invoke(new Object[] {57.64911, 10.40744, 11}));
        assertEquals("u4pru", f.invoke(new Object[] {57.64911, 10.40744, 5}));
        assertThrows(IllegalArgumentException.class, () -> f.invoke(new Object[] {0.0, 0.0, 13}));
        assertThrows(IllegalArgumentException.class, () -> f.invoke(new Object[] {91.0, 0.0, 5}));
    }

    @Test
    void resolveHostLooksUpNamesOffTheCallersThread() throws Exception {
        ResolveHost f = new ResolveHost();
        try {
            assertEquals("127.0.0.1", f.invoke(new Object[] {"127.0.0.1"}).get(10, TimeUnit.SECONDS));
            String localhost = (String) f.invoke(new Object[] {"localhost"}).get(10, TimeUnit.SECONDS);
            assertEquals(java.net.InetAddress.getByName("localhost").getHostAddress(), localhost);
            assertNull(f.invoke(new Object[] {"no-such-host.invalid"}).get(30, TimeUnit.SECONDS));
        } finally {
            f.close();
        }
    }
}
