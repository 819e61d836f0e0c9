package lyceum.grading;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The behaviours researchers expect of a math grader, restated from the documentation and public
 * tests of Math-Verify and Hendrycks' is_equiv, plus neighbours of each family
 * (documented-cases.jsonl). Each case names its kind, its source, the verdict its source expects
 * and Lyceum's verdict; where they differ the case says why, and that list is the README's list of
 * exceptions.
 */
class DocumentedCasesTest {

    private static final Logger log = LoggerFactory.getLogger(DocumentedCasesTest.class);
    private static final String RESOURCE = "/lyceum/grading/documented-cases.jsonl";

    /** One documented case; {@code settings} is "name=value" of one {@link GraderSettings} field, or null. */
    record Case(
            int line,
            String kind,
            String source,
            String gold,
            String pred,
            boolean expected,
            boolean lyceum,
            String settings,
            String why) {}

    static List<Case> cases() {
        ObjectMapper json = new ObjectMapper();
        List<Case> cases = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                DocumentedCasesTest.class.getResourceAsStream(RESOURCE), StandardCharsets.UTF_8))) {
            String text;
            int line = 0;
            while ((text = in.readLine()) != null) {
                line++;
                JsonNode n = json.readTree(text);
                cases.add(new Case(
                        line,
                        n.get("kind").asText(),
                        n.get("source").asText(),
                        n.get("gold").asText(),
                        n.get("pred").asText(),
                        n.get("expected").asBoolean(),
                        n.get("lyceum").asBoolean(),
                        n.hasNonNull("settings") ? n.get("settings").asText() : null,
                        n.hasNonNull("why") ? n.get("why").asText() : null));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCE, e);
        }
        return cases;
    }

    static Grader graderFor(Case c) {
        if (c.settings() == null) {
            return Grader.standard();
        }
        String[] kv = c.settings().split("=");
        return Grader.withSettings(GraderSettings.MATH.with(kv[0], Boolean.parseBoolean(kv[1])));
    }

    @Test
    void everyCaseGetsLyceumsListedVerdict() {
        List<String> failures = new ArrayList<>();
        Map<String, int[]> counts = new TreeMap<>(); // kind -> {cases, ported, agreeing, exceptions}
        for (Case c : cases()) {
            Verdict v = graderFor(c).grade(c.gold(), c.pred());
            int[] n = counts.computeIfAbsent(c.kind(), k -> new int[4]);
            n[0]++;
            n[1] += c.source().equals("neighbour") ? 0 : 1;
            n[2] += v.equivalent() == c.expected() ? 1 : 0;
            n[3] += c.why() != null ? 1 : 0;
            if (v.equivalent() != c.lyceum()) {
                failures.add("line " + c.line() + " [" + c.kind() + "] " + c.gold() + " <> " + c.pred() + ": " + v);
            }
        }
        counts.forEach((kind, n) -> log.info(
                "{}: {} cases, {} ported, {} as their source expects, {} listed exceptions",
                kind,
                n[0],
                n[1],
                n[2],
                n[3]));
        assertThat(failures).isEmpty();
    }

    /**
     * No accepted case stays accepted when one digit of its reference changes (a digit of a name's
     * subscript, as in x_{1}, names rather than states a value and is left alone).
     */
    @Test
    void noMatchSurvivesAOneDigitChangeOfTheReference() {
        List<String> survivors = new ArrayList<>();
        int checked = 0;
        for (Case c : cases()) {
            if (!c.lyceum()) {
                continue;
            }
            Grader grader = graderFor(c);
            for (int i : valueDigits(c.gold())) {
                String changed = oneDigitChanged(c.gold(), i);
                checked++;
                Verdict v = grader.grade(changed, c.pred());
                if (v.equivalent()) {
                    survivors.add("line " + c.line() + ": " + changed + " <> " + c.pred() + " (" + v.rule() + ")");
                }
            }
        }
        assertThat(checked).isGreaterThan(300);
        assertThat(survivors).isEmpty();
    }

    /**
     * Positions of digits that are part of the stated value: not in a subscript after a letter, an
     * array's column spec, a unit's power, or an intermediate step of a chain.
     */
    static List<Integer> valueDigits(String text) {
        List<Integer> positions = new ArrayList<>();
        java.util.regex.Matcher names = java.util.regex.Pattern.compile(
                        "(?<=[A-Za-z])_(?:\\{[^{}]*\\}|\\d)|\\\\begin\\{array\\}\\{[^{}]*\\}"
                                + "|\\\\(?:mbox|text)\\{[^{}]*\\}\\^\\{?\\d")
                .matcher(text);
        boolean[] skip = new boolean[text.length()];
        while (names.find()) {
            for (int i = names.start(); i < names.end(); i++) {
                skip[i] = true;
            }
        }
        // intermediate steps of a chain "z = 2 + 2 = 4": the value is its last side
        int first = text.indexOf('=');
        int last = text.lastIndexOf('=');
        if (first >= 0 && last > first && text.indexOf(',') < 0) {
            for (int i = first; i < last; i++) {
                skip[i] = true;
            }
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.isDigit(text.charAt(i)) && !skip[i]) {
                positions.add(i);
            }
        }
        return positions;
    }

    static String oneDigitChanged(String text, int i) {
        char c = text.charAt(i);
        return text.substring(0, i) + (c == '9' ? '8' : (char) (c + 1)) + text.substring(i + 1);
    }

    @Test
    void anExceptionSaysWhyAndOnlyAnExceptionDiffersFromItsSource() {
        for (Case c : cases()) {
            assertThat(c.why() != null)
                    .as("line %d: a verdict that differs from its source needs a why", c.line())
                    .isEqualTo(c.expected() != c.lyceum());
        }
    }
}
