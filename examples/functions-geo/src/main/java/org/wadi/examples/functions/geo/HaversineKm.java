package org.wadi.examples.functions.geo;

import org.osgi.service.component.annotations.Component;
import org.wadi.spi.function.FunctionSignature;
import org.wadi.spi.function.ScalarFunction;
import org.wadi.spi.types.DataType;

/**
 * {@code haversine_km(lat1, lon1, lat2, lon2) → DOUBLE}: the great-circle distance in kilometres
 * between two points given in degrees, on a sphere of the Earth's mean radius (6371.0088 km).
 */
@Component(service = ScalarFunction.class)
public final class HaversineKm implements ScalarFunction {

    static final double EARTH_RADIUS_KM = 6371.0088;

    private static final FunctionSignature SIGNATURE = FunctionSignature.of("haversine_km", DataType.FLOAT64,
            DataType.FLOAT64, DataType.FLOAT64, DataType.FLOAT64, DataType.FLOAT64);

    @Override
    public FunctionSignature signature() {
        return SIGNATURE;
    }

    @Override
    public Object invoke(Object[] a) {
        return distance((Double) a[0], (Double) a[1], (Double) a[2], (Double) a[3]);
    }

    static double distance(double lat1, double lon1, double lat2, double lon2) {
        double p1 = Math.toRadians(lat1);
        double p2 = Math.toRadians(lat2);
        double dp = p2 - p1;
        double dl = Math.toRadians(lon2 - lon1);
        double h = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
    }
}
