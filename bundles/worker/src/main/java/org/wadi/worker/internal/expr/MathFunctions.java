package org.wadi.worker.internal.expr;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.concurrent.ThreadLocalRandom;

/** DataFusion's math functions, named as the SQL functions (see {@link FunctionLibrary}). */
public final class MathFunctions {

    private MathFunctions() {
    }

    public static double acos(double x) {
        return Math.acos(x);
    }

    public static double acosh(double x) {
        return Math.log(x + Math.sqrt(x * x - 1));
    }

    public static double asin(double x) {
        return Math.asin(x);
    }

    public static double asinh(double x) {
        return x == Double.NEGATIVE_INFINITY ? x : Math.log(x + Math.sqrt(x * x + 1));
    }

    public static double atan(double x) {
        return Math.atan(x);
    }

    public static double atan2(double y, double x) {
        return Math.atan2(y, x);
    }

    public static double atanh(double x) {
        return 0.5 * Math.log((1 + x) / (1 - x));
    }

    public static double cbrt(double x) {
        return Math.cbrt(x);
    }

    public static double cos(double x) {
        return Math.cos(x);
    }

    public static double cosh(double x) {
        return Math.cosh(x);
    }

    public static double cot(double x) {
        return 1 / Math.tan(x);
    }

    public static double degrees(double x) {
        return Math.toDegrees(x);
    }

    public static double radians(double x) {
        return Math.toRadians(x);
    }

    public static double sin(double x) {
        return Math.sin(x);
    }

    public static double sinh(double x) {
        return Math.sinh(x);
    }

    public static double tan(double x) {
        return Math.tan(x);
    }

    public static double tanh(double x) {
        return Math.tanh(x);
    }

    public static double exp(double x) {
        return Math.exp(x);
    }

    public static double ln(double x) {
        return Math.log(x);
    }

    /** With one argument, the base-10 logarithm (as DataFusion). */
    public static double log(double x) {
        return Math.log10(x);
    }

    public static double log(double base, double x) {
        return Math.log(x) / Math.log(base);
    }

    public static double log10(double x) {
        return Math.log10(x);
    }

    public static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    public static double sqrt(double x) {
        return Math.sqrt(x);
    }

    /** Errors on overflow (above 20!), as DataFusion; below 1 the empty product, 1. */
    public static long factorial(long n) {
        if (n > 20) {
            throw new ArithmeticException("factorial: overflow for " + n);
        }
        long r = 1;
        for (long i = 2; i <= n; i++) {
            r *= i;
        }
        return r;
    }

    public static long gcd(long a, long b) {
        long x = Math.abs(a);
        long y = Math.abs(b);
        while (y != 0) {
            long t = x % y;
            x = y;
            y = t;
        }
        if (x < 0) {
            throw new ArithmeticException("gcd: overflow for " + a + ", " + b);
        }
        return x;
    }

    public static long lcm(long a, long b) {
        if (a == 0 || b == 0) {
            return 0;
        }
        return Math.abs(Math.multiplyExact(a / gcd(a, b), b));
    }

    public static boolean isnan(double x) {
        return Double.isNaN(x);
    }

    public static boolean iszero(double x) {
        return x == 0;
    }

    public static boolean iszero(long x) {
        return x == 0;
    }

    public static double nanvl(double x, double y) {
        return Double.isNaN(x) ? y : x;
    }

    @NullSafe
    public static Double pi() {
        return Math.PI;
    }

    @NullSafe
    public static Double random() {
        return ThreadLocalRandom.current().nextDouble();
    }

    /** -1, 0 or 1 (0 for zero, unlike Java's and Rust's signum of -0.0 / 0.0 which keep the sign). */
    public static double signum(double x) {
        return Double.isNaN(x) ? x : x > 0 ? 1 : x < 0 ? -1 : 0;
    }

    /** Integer power, exact: overflow is an error, as DataFusion's for integers. */
    public static long power(long base, long exp) {
        if (exp < 0) {
            throw new ArithmeticException("power: negative exponent " + exp + " for an integer base");
        }
        if (base == 1 || base == 0 && exp > 0) {
            return base;
        }
        if (base == -1) {
            return (exp & 1) == 0 ? 1 : -1;
        }
        // |base| >= 2 overflows within 63 steps
        long r = 1;
        for (long i = 0; i < exp; i++) {
            r = Math.multiplyExact(r, base);
        }
        return r;
    }

    public static double power(double base, double exp) {
        return Math.pow(base, exp);
    }

    public static double trunc(double x) {
        return x < 0 ? Math.ceil(x) : Math.floor(x);
    }

    /** Truncated to {@code digits} decimal places (negative: to tens, hundreds…). */
    public static double trunc(double x, long digits) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return x;
        }
        return BigDecimal.valueOf(x).setScale((int) digits, RoundingMode.DOWN).doubleValue();
    }

    public static long trunc(long x) {
        return x;
    }
}
