package org.wadi.formats;

import com.fasterxml.jackson.core.io.schubfach.DoubleToDecimal;
import com.fasterxml.jackson.core.io.schubfach.FloatToDecimal;

/**
 * Floating-point numbers as Arroyo's JSON writer prints them (the Rust {@code lexical} crate with
 * its defaults): the shortest digits that read back to the same value, always with a fraction
 * ({@code 1.0}), in plain notation for decimal exponents from -5 to 9 and otherwise as
 * {@code 1.5e10} / {@code 1.0e-7}. Not-a-number and infinities are written as {@code null}.
 */
final class NumberText {

    private NumberText() {
    }

    static void float64(double v, StringBuilder out) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            out.append("null");
            return;
        }
        // Java's own Double.toString before JDK 19 is not always the shortest form; Schubfach is
        layout(DoubleToDecimal.toString(v), out);
    }

    static void float32(float v, StringBuilder out) {
        if (Float.isNaN(v) || Float.isInfinite(v)) {
            out.append("null");
            return;
        }
        layout(FloatToDecimal.toString(v), out);
    }

    /** Re-lays Java's shortest representation ({@code 1.0E-7}, {@code 123.45}) in lexical's layout. */
    static void layout(String java, StringBuilder out) {
        String s = java;
        if (s.charAt(0) == '-') {
            out.append('-');
            s = s.substring(1);
        }
        int e = s.indexOf('E');
        int exp = e < 0 ? 0 : Integer.parseInt(s.substring(e + 1));
        String mantissa = e < 0 ? s : s.substring(0, e);
        int dot = mantissa.indexOf('.');
        String intPart = dot < 0 ? mantissa : mantissa.substring(0, dot);
        String fracPart = dot < 0 ? "" : mantissa.substring(dot + 1);
        String all = intPart + fracPart;
        // the decimal exponent of the first digit of `all` before trimming
        int pointPos = intPart.length() + exp;
        int lead = 0;
        while (lead < all.length() - 1 && all.charAt(lead) == '0') {
            lead++;
        }
        String digits = all.substring(lead);
        int end = digits.length();
        while (end > 1 && digits.charAt(end - 1) == '0') {
            end--;
        }
        digits = digits.substring(0, end);
        if (digits.equals("0")) {
            out.append("0.0");
            return;
        }
        int sciExp = pointPos - lead - 1;
        if (sciExp < -5 || sciExp > 9) {
            out.append(digits.charAt(0)).append('.');
            out.append(digits.length() > 1 ? digits.substring(1) : "0");
            out.append('e').append(sciExp);
        } else if (sciExp >= 0) {
            int intDigits = sciExp + 1;
            if (digits.length() <= intDigits) {
                out.append(digits);
                for (int i = digits.length(); i < intDigits; i++) {
                    out.append('0');
                }
                out.append(".0");
            } else {
                out.append(digits, 0, intDigits).append('.').append(digits, intDigits, digits.length());
            }
        } else {
            out.append("0.");
            for (int i = -1; i > sciExp; i--) {
                out.append('0');
            }
            out.append(digits);
        }
    }
}
