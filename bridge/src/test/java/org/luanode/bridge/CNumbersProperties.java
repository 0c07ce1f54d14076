package org.luanode.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** %.Nf without BigDecimal gives what the exact conversion (glibc's rounding) gives, or leaves it to it. */
class CNumbersProperties {

    private static String exact(double a, int precision) {
        return new BigDecimal(a).setScale(precision, RoundingMode.HALF_EVEN).toPlainString();
    }

    @Property(tries = 5000)
    void theFastPathAgreesWithTheExactConversion(
            @ForAll @DoubleRange(min = 0, max = 1e12) double a, @ForAll @IntRange(min = 0, max = 15) int precision) {
        String fast = CNumbers.fixedFast(a, precision);
        if (fast != null) assertThat(fast).isEqualTo(exact(a, precision));
    }

    @Property(tries = 3000)
    void smallValuesWithFewDecimalsTakeTheFastPathAndAgree(
            @ForAll @IntRange(min = 0, max = 10_000_000) int thousandths,
            @ForAll @IntRange(min = 0, max = 4) int precision) {
        double a = thousandths / 1000.0;
        String fast = CNumbers.fixedFast(a, precision);
        if (fast != null) assertThat(fast).isEqualTo(exact(a, precision));
    }

    @Test
    void tiesAndNearTiesAreLeftToTheExactPathOrRightAnyway() {
        double[] values = {0.125, 2.675, 0.5, 1.5, 2.5, 1.005, 0.045, 1e-300, 0, 123456.785, 4503599627370495.5};
        for (double v : values) {
            for (int p = 0; p <= 4; p++) {
                String fast = CNumbers.fixedFast(v, p);
                if (fast != null)
                    assertThat(fast).as("%s with %d decimals", v, p).isEqualTo(exact(v, p));
            }
        }
        assertThat(CNumbers.f(0.125, 2, false, "")).isEqualTo("0.12");
        assertThat(CNumbers.f(2.675, 2, false, "")).isEqualTo("2.67");
        assertThat(CNumbers.f(-1.25, 1, false, "")).isEqualTo("-1.2");
        assertThat(CNumbers.f(3.14159, 2, false, "+")).isEqualTo("+3.14");
        assertThat(CNumbers.fixedFast(3.14159, 2)).isEqualTo("3.14");
        assertThat(CNumbers.fixedFast(0.001, 2)).isEqualTo("0.00");
    }

    @Test
    void gCountsDecimalsFromTheExponentBeforeRoundingAsGlibcDoes() {
        // lua5.1 -e "print(string.format('%#.3g %#.2g %#.3g %#.3g', 999.5, 99.96, 9995, 0.9995))"
        assertThat(CNumbers.g(999.5, 3, true, "")).isEqualTo("1.e+03");
        assertThat(CNumbers.g(99.96, 2, true, "")).isEqualTo("1.e+02");
        assertThat(CNumbers.g(9995, 3, true, "")).isEqualTo("1.00e+04");
        assertThat(CNumbers.g(0.9995, 3, true, "")).isEqualTo("1.00");
        assertThat(CNumbers.g(999.5, 3, false, "")).isEqualTo("1e+03");
    }
}
