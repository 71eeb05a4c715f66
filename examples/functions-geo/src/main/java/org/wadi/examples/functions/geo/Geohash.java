package org.wadi.examples.functions.geo;

import org.osgi.service.component.annotations.Component;
import org.wadi.spi.function.FunctionSignature;
import org.wadi.spi.function.ScalarFunction;
import org.wadi.spi.types.DataType;

/**
 * {@code geohash(lat, lon, precision) → TEXT}: the geohash of a point with {@code precision}
 * characters (1 to 12), for grouping events by area ({@code GROUP BY geohash(lat, lon, 5)}).
 */
@Component(service = ScalarFunction.class)
public final class Geohash implements ScalarFunction {

    private static final String BASE32 = "0123456789bcdefghjkmnpqrstuvwxyz";

    private static final FunctionSignature SIGNATURE = FunctionSignature.of("geohash", DataType.UTF8,
            DataType.FLOAT64, DataType.FLOAT64, DataType.INT32);

    @Override
    public FunctionSignature signature() {
        return SIGNATURE;
    }

    @Override
    public Object invoke(Object[] a) {
        return encode((Double) a[0], (Double) a[1], (Integer) a[2]);
    }

    static String encode(double lat, double lon, int precision) {
        if (precision < 1 || precision > 12) {
            throw new IllegalArgumentException("geohash precision must be from 1 to 12, was " + precision);
        }
        if (lat < -90 || lat > 90 || lon < -180 || lon > 180) {
            throw new IllegalArgumentException("geohash of (" + lat + ", " + lon + "): latitude must be within ±90"
                    + " and longitude within ±180");
        }
        double[] latRange = {-90, 90};
        double[] lonRange = {-180, 180};
        StringBuilder hash = new StringBuilder(precision);
        boolean evenBit = true;
        int bit = 0;
        int ch = 0;
        while (hash.length() < precision) {
            double[] range = evenBit ? lonRange : latRange;
            double value = evenBit ? lon : lat;
            double mid = (range[0] + range[1]) / 2;
            ch <<= 1;
            if (value >= mid) {
                ch |= 1;
                range[0] = mid;
            } else {
                range[1] = mid;
            }
            evenBit = !evenBit;
            if (++bit == 5) {
                hash.append(BASE32.charAt(ch));
                bit = 0;
                ch = 0;
            }
        }
        return hash.toString();
    }
}
