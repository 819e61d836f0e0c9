package lyceum.grading;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class BracesPropertyTest {

    @Property(tries = 500)
    void onePassFindsTheSameClosingBracesAsTheScanFromEachBrace(@ForAll("braces") String s) {
        int[] closing = Braces.closingBraces(s);
        for (int i = 0; i < s.length(); i++) {
            boolean escaped = i > 0 && s.charAt(i - 1) == '\\' && precededByEvenBackslashes(s, i - 1);
            if (s.charAt(i) == '{' && !escaped) {
                assertThat(closing[i]).as("brace at %d of %s", i, s).isEqualTo(Braces.matchingBrace(s, i));
            }
        }
    }

    /** Whether the backslash at i starts an escape, that is, is not itself escaped. */
    private static boolean precededByEvenBackslashes(String s, int i) {
        int n = 0;
        for (int j = i - 1; j >= 0 && s.charAt(j) == '\\'; j--) {
            n++;
        }
        return n % 2 == 0;
    }

    @Provide
    Arbitrary<String> braces() {
        return Arbitraries.strings().withChars("{}\\ a").ofMaxLength(40);
    }
}
