package lyceum.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TextMetricsTest {

    @Test
    void tokensAreLowercaseWordsNumbersAndArithmeticSymbols() {
        assertThat(Tokens.words("Tom has 1,200.50 apples; 3+4=7! Done."))
                .containsExactly("tom", "has", "1,200.50", "apples", "3", "+", "4", "=", "7", "done");
    }

    @Test
    void tokensAreCountedAsTheyAreFound() {
        for (String text : List.of(
                "",
                "Tom has 1,200.50 apples; 3+4=7! Done.",
                "  ,.,  ",
                "x=3.5, y = -2,5%",
                "İstanbul ÀÉ 12÷4×3 = 9 答案是 42",
                "a\nb\tc 1.2.3 ,4, 5.")) {
            assertThat(Tokens.count(text)).as(text).isEqualTo(Tokens.words(text).size());
        }
    }

    @Test
    void equationsAreNormalised() {
        assertThat(Equations.normalised(
                        "So 3 + 4 = 7, or 4+3=7. Then 7 x 2 = 14 and $1,200 - 200 = $1,000.00; 2 × 2.50 = 5."))
                .containsExactly("3+4=7", "3+4=7", "2*7=14", "1200-200=1000", "2*2.5=5");
        assertThat(Equations.normalised("2 + 9 + 4 = 15 but 9 - 2 + 4 = 11")).containsExactly("2+4+9=15", "9-2+4=11");
        assertThat(Equations.normalised("Then -3 + 5 = 2 and 3 - 5 = -2, 10-3+5=12."))
                .containsExactly("-3+5=2", "3-5=-2", "10-3+5=12");
        // a variable or a bracket is not a plain computation, and no part of one is taken
        assertThat(Equations.normalised("Let x = 5 and y2 + 3 = 8, (2 + 3) * 4 = 20"))
                .isEmpty();
    }

    @Test
    void equationsAreTheMatchesOfAScanOfTheWholeText() {
        // the pattern tried only where an equation can start finds what find() over every position finds
        String alphabet = "0123456789  +-=*/x×÷·−$.,%_aZ\n(";
        Random random = new Random(17);
        // one cache of normal forms for all texts, as a problem's corpus keeps one for its samples
        Map<String, String> byMatch = new HashMap<>();
        for (int t = 0; t < 20_000; t++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(40);
            for (int i = 0; i < length; i++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String s = text.toString();
            List<String> scanned = new ArrayList<>();
            if (s.indexOf('=') >= 0) {
                var m = Equations.EQUATION.matcher(s);
                while (m.find()) {
                    scanned.addAll(Equations.normalised(m.group()));
                }
            }
            assertThat(Equations.normalised(s)).as(s).isEqualTo(scanned);
            assertThat(Equations.normalised(s, byMatch)).as(s).isEqualTo(scanned);
        }
    }

    /** Several subsets measured in one pass give each subset's figure alone, to the last bit. */
    @Test
    void subsetsMeasuredTogetherEqualEachMeasuredAlone() {
        Random random = new Random(11);
        String[] words = {"a", "b", "3", "+", "4", "=", "7", "the", "cat", "12", "*", "so", "we", "get"};
        for (int trial = 0; trial < 500; trial++) {
            List<String> texts = new ArrayList<>();
            int n = 1 + random.nextInt(20);
            for (int i = 0; i < n; i++) {
                StringBuilder text = new StringBuilder();
                for (int w = random.nextInt(40); w > 0; w--) {
                    text.append(words[random.nextInt(words.length)]).append(' ');
                }
                texts.add(text.toString());
            }
            int[][] subsets = new int[5][];
            for (int s = 0; s < subsets.length; s++) {
                List<Integer> in = new ArrayList<>();
                for (int d = 0; d < n; d++) {
                    if (s == 0 || random.nextInt(3) == 0) {
                        in.add(d);
                    }
                }
                subsets[s] = in.stream().mapToInt(Integer::intValue).toArray();
            }
            double[] together = Corpus.of(texts).semanticDiversity(subsets);
            for (int s = 0; s < subsets.length; s++) {
                double alone = Corpus.of(texts).semanticDiversity(subsets[s]);
                assertThat(Double.doubleToLongBits(together[s]))
                        .as("trial %d, subset %d", trial, s)
                        .isEqualTo(Double.doubleToLongBits(alone));
            }
        }
    }

    @Test
    void subsetDiversityEqualsTheSubsetsOwnDiversity() {
        Random random = new Random(5);
        String[] words = {"tom", "has", "3", "+", "4", "=", "7", "apples", "so", "the", "answer", "is"};
        for (int trial = 0; trial < 200; trial++) {
            List<SampleSummary> samples = new ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(9); i++) {
                StringBuilder text = new StringBuilder();
                for (int w = random.nextInt(12); w > 0; w--) {
                    text.append(words[random.nextInt(words.length)]).append(' ');
                }
                samples.add(new SampleSummary(
                        "p",
                        1,
                        0,
                        i,
                        random.nextBoolean(),
                        random.nextBoolean(),
                        "7",
                        text.toString(),
                        0,
                        Double.NaN,
                        false,
                        null));
            }
            Map<SampleSubset, TextDiversity> bySubset = TextDiversity.bySubset(samples);
            for (SampleSubset subset : SampleSubset.values()) {
                List<String> texts =
                        samples.stream().filter(subset).map(SampleSummary::text).toList();
                double own =
                        texts.isEmpty() ? Double.NaN : TextDiversity.of(texts).semanticDiversity();
                double inCorpus = bySubset.get(subset).semanticDiversity();
                if (Double.isNaN(own)) {
                    assertThat(inCorpus).isNaN();
                } else {
                    assertThat(inCorpus).isCloseTo(own, within(1e-12));
                }
            }
        }
    }

    @Test
    void distinctNOnAHandExample() {
        List<String> texts = List.of("a b a", "b c");
        assertThat(Diversity.distinctN(texts, 1)).isCloseTo(3.0 / 5, within(1e-12)); // a b a b c
        assertThat(Diversity.distinctN(texts, 2)).isEqualTo(1.0); // "a b" "b a" "b c"
        assertThat(Diversity.distinctN(texts, 3)).isEqualTo(1.0); // "a b a"
        assertThat(Diversity.distinctN(texts, 4)).isNaN();
    }

    @Test
    void distinctNIsOneOverCountForCopiesAndOneForDisjointTexts() {
        Random random = new Random(5);
        for (int trial = 0; trial < 100; trial++) {
            int copies = 2 + random.nextInt(10);
            int length = 4 + random.nextInt(20);
            String text = uniqueWords("w" + trial + "x", length);
            List<String> same = Collections.nCopies(copies, text);
            List<String> disjoint = new ArrayList<>();
            for (int i = 0; i < copies; i++) {
                disjoint.add(uniqueWords("d" + i + "x", length));
            }
            for (int n = 1; n <= 4; n++) {
                assertThat(Diversity.distinctN(same, n)).isCloseTo(1.0 / copies, within(1e-12));
                assertThat(Diversity.distinctN(disjoint, n)).isEqualTo(1.0);
            }
        }
    }

    @Test
    void distinctEquationsIsUniqueOverAll() {
        assertThat(Diversity.distinctEquations(List.of("3+4=7", "4 + 3 = 7 then 7*2=14")))
                .isCloseTo(2.0 / 3, within(1e-12));
        assertThat(Diversity.distinctEquations(List.of("no maths here", "nor here")))
                .isNaN();
    }

    @Test
    void semanticDiversityOnAHandExample() {
        // terms: {a, b, "a b"} and {a, c, "a c"}; idf(a) = ln(3/3)+1 = 1, the others ln(3/2)+1
        double idf = Math.log(1.5) + 1;
        double cosine = 1 / (1 + 2 * idf * idf);
        assertThat(Diversity.semantic(List.of("a b", "a c"))).isCloseTo(1 - cosine, within(1e-12));
    }

    @Test
    void semanticDiversityIsZeroForCopiesOneForDisjointTextsAndNeedsTwoNonEmptyTexts() {
        assertThat(Diversity.semantic(List.of("3 + 4 = 7 so 7", "3 + 4 = 7 so 7", "3 + 4 = 7 so 7")))
                .isCloseTo(0.0, within(1e-12));
        assertThat(Diversity.semantic(List.of("alpha beta", "gamma delta", "epsilon")))
                .isEqualTo(1.0);
        assertThat(Diversity.semantic(List.of("", "a b", "a b"))).isCloseTo(0.0, within(1e-12));
        assertThat(Diversity.semantic(List.of("", "a b"))).isNaN();
    }

    @Test
    void semanticDiversityEqualsTheMeanOverAllPairsComputedDirectly() {
        Random random = new Random(17);
        String[] vocabulary = {"add", "take", "apples", "the", "is", "3", "4", "7", "+", "=", "so", "answer"};
        for (int trial = 0; trial < 100; trial++) {
            int m = 2 + random.nextInt(12);
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < m; i++) {
                StringBuilder text = new StringBuilder();
                int length = 1 + random.nextInt(15);
                for (int w = 0; w < length; w++) {
                    text.append(vocabulary[random.nextInt(vocabulary.length)]).append(' ');
                }
                texts.add(text.toString());
            }
            double diversity = Diversity.semantic(texts);
            assertThat(diversity).isBetween(0.0, 1.0);
            assertThat(diversity).isCloseTo(1 - meanPairwiseCosine(texts), within(1e-9));
        }
    }

    @Test
    void textDiversityGathersEveryFigure() {
        TextDiversity d = TextDiversity.of(List.of("3 + 4 = 7", "3 + 4 = 7"));
        assertThat(d.samples()).isEqualTo(2);
        assertThat(d.distinct(1)).isCloseTo(5.0 / 10, within(1e-12));
        assertThat(d.distinct4()).isCloseTo(2.0 / 4, within(1e-12));
        assertThat(d.uniqueEquations()).isEqualTo(1);
        assertThat(d.totalEquations()).isEqualTo(2);
        assertThat(d.equationDiversity()).isEqualTo(0.5);
        assertThat(d.semanticDiversity()).isCloseTo(0.0, within(1e-12));
    }

    private static String uniqueWords(String prefix, int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append(prefix).append(i).append(' ');
        }
        return text.toString();
    }

    /** Straightforward TF-IDF over 1-2-grams and the mean of all pairwise cosines. */
    private static double meanPairwiseCosine(List<String> texts) {
        List<Map<String, Double>> counts = new ArrayList<>();
        Map<String, Integer> df = new HashMap<>();
        for (String text : texts) {
            List<String> words = Tokens.words(text);
            Map<String, Double> tf = new HashMap<>();
            for (int i = 0; i < words.size(); i++) {
                tf.merge(words.get(i), 1.0, Double::sum);
                if (i + 1 < words.size()) {
                    tf.merge(words.get(i) + " " + words.get(i + 1), 1.0, Double::sum);
                }
            }
            tf.keySet().forEach(t -> df.merge(t, 1, Integer::sum));
            counts.add(tf);
        }
        int m = texts.size();
        List<Map<String, Double>> vectors = new ArrayList<>();
        for (Map<String, Double> tf : counts) {
            Map<String, Double> v = new HashMap<>();
            tf.forEach((t, c) -> v.put(t, c * (Math.log((1.0 + m) / (1.0 + df.get(t))) + 1)));
            vectors.add(v);
        }
        double sum = 0;
        int pairs = 0;
        for (int i = 0; i < m; i++) {
            for (int j = i + 1; j < m; j++) {
                sum += cosine(vectors.get(i), vectors.get(j));
                pairs++;
            }
        }
        return sum / pairs;
    }

    private static double cosine(Map<String, Double> a, Map<String, Double> b) {
        double dot = 0;
        for (var e : a.entrySet()) {
            dot += e.getValue() * b.getOrDefault(e.getKey(), 0.0);
        }
        return dot / (norm(a) * norm(b));
    }

    private static double norm(Map<String, Double> v) {
        return Math.sqrt(v.values().stream().mapToDouble(x -> x * x).sum());
    }
}
