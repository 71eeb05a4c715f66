package org.wadi.worker.internal.agg;

import java.io.IOException;
import org.wadi.worker.internal.state.StateReader;
import org.wadi.worker.internal.state.StateWriter;

/**
 * The functions of two variables — {@code covar_samp}, {@code covar_pop}, {@code corr} and the
 * linear regressions {@code regr_*(y, x)} — from the co-moments of the rows where both are not NULL:
 * {@code {n, mean x, mean y, m2 x, m2 y, c xy}}, updated as Welford's, combined by Chan's formula
 * and taken back exactly for retractions. Results as DataFusion's: DOUBLE ({@code regr_count} a
 * BIGINT count); NULL where the statistic is undefined (too few rows, no variance in x).
 */
final class CoMoments implements StateFunction<double[]> {

    private static final int N = 0;
    private static final int MX = 1;
    private static final int MY = 2;
    private static final int M2X = 3;
    private static final int M2Y = 4;
    private static final int CXY = 5;

    /** The statistic. */
    enum Stat {
        COVAR_SAMP, COVAR_POP, CORR, REGR_COUNT, REGR_AVGX, REGR_AVGY, REGR_SXX, REGR_SYY, REGR_SXY, REGR_SLOPE,
        REGR_INTERCEPT, REGR_R2
    }

    private final int y;
    private final int x;
    private final boolean yUnsigned;
    private final boolean xUnsigned;
    private final Stat stat;

    /** Over columns {@code y} and {@code x} (for covar and corr the order does not matter). */
    CoMoments(int y, int x, boolean yUnsigned, boolean xUnsigned, Stat stat) {
        this.y = y;
        this.x = x;
        this.yUnsigned = yUnsigned;
        this.xUnsigned = xUnsigned;
        this.stat = stat;
    }

    @Override
    public double[] create() {
        return new double[6];
    }

    @Override
    public void add(double[] s, Object[] row) {
        Object vy = row[y];
        Object vx = row[x];
        if (vy == null || vx == null) {
            return;
        }
        double a = Numbers.toDouble(vx, xUnsigned);
        double b = Numbers.toDouble(vy, yUnsigned);
        double n = ++s[N];
        double dx = a - s[MX];
        double dy = b - s[MY];
        s[MX] += dx / n;
        s[MY] += dy / n;
        s[M2X] += dx * (a - s[MX]);
        s[M2Y] += dy * (b - s[MY]);
        s[CXY] += dx * (b - s[MY]);
    }

    @Override
    public void retract(double[] s, Object[] row) {
        Object vy = row[y];
        Object vx = row[x];
        if (vy == null || vx == null || s[N] == 0) {
            return;
        }
        double a = Numbers.toDouble(vx, xUnsigned);
        double b = Numbers.toDouble(vy, yUnsigned);
        double n = s[N] - 1;
        if (n <= 0) {
            java.util.Arrays.fill(s, 0);
            return;
        }
        double mx = (s[MX] * s[N] - a) / n;
        double my = (s[MY] * s[N] - b) / n;
        s[M2X] -= (a - mx) * (a - s[MX]);
        s[M2Y] -= (b - my) * (b - s[MY]);
        s[CXY] -= (a - mx) * (b - s[MY]);
        s[MX] = mx;
        s[MY] = my;
        s[N] = n;
    }

    @Override
    public void merge(double[] into, double[] from) {
        double na = into[N];
        double nb = from[N];
        if (nb == 0) {
            return;
        }
        double n = na + nb;
        double dx = from[MX] - into[MX];
        double dy = from[MY] - into[MY];
        double f = na * nb / n;
        into[MX] += dx * nb / n;
        into[MY] += dy * nb / n;
        into[M2X] += from[M2X] + dx * dx * f;
        into[M2Y] += from[M2Y] + dy * dy * f;
        into[CXY] += from[CXY] + dx * dy * f;
        into[N] = n;
    }

    @Override
    public Object result(double[] s) {
        double n = s[N];
        return switch (stat) {
            case REGR_COUNT -> (long) n;
            case COVAR_POP -> n == 0 ? null : s[CXY] / n;
            case COVAR_SAMP -> n < 2 ? null : s[CXY] / (n - 1);
            case CORR -> n < 2 || s[M2X] <= 0 || s[M2Y] <= 0 ? null : s[CXY] / Math.sqrt(s[M2X] * s[M2Y]);
            case REGR_AVGX -> n == 0 ? null : s[MX];
            case REGR_AVGY -> n == 0 ? null : s[MY];
            case REGR_SXX -> n == 0 ? null : s[M2X];
            case REGR_SYY -> n == 0 ? null : s[M2Y];
            case REGR_SXY -> n == 0 ? null : s[CXY];
            case REGR_SLOPE -> n < 2 || s[M2X] == 0 ? null : s[CXY] / s[M2X];
            case REGR_INTERCEPT -> n < 2 || s[M2X] == 0 ? null : s[MY] - s[CXY] / s[M2X] * s[MX];
            case REGR_R2 -> n < 2 || s[M2X] == 0 ? null
                    : s[M2Y] == 0 ? 1.0 : s[CXY] * s[CXY] / (s[M2X] * s[M2Y]);
        };
    }

    @Override
    public double[] copy(double[] s) {
        return s.clone();
    }

    @Override
    public void write(StateWriter out, double[] s) {
        out.writeDoubles(s, 0, 6);
    }

    @Override
    public double[] read(StateReader in) throws IOException {
        double[] s = new double[6];
        in.readDoubles(s, 0, 6);
        return s;
    }
}
