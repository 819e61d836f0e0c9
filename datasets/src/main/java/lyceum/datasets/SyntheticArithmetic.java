package lyceum.datasets;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Synthetic arithmetic word problems with a real difficulty knob, so that the whole loop runs on a
 * CPU with a small model: the number of steps (difficulty and bucket = steps) and the operand size
 * set how hard a problem is, so that a tiny model trained from scratch can learn shallow problems
 * while deep ones stay hard.
 *
 * <p>Each problem is a short templated story ("Ann has 23 apples. She gets 15 more, then gives away
 * 9. How many does Ann have now?"), plain ASCII and under about 160 characters up to six steps,
 * and a step-wise rationale: one step a line, each exactly {@code a op b = c} with op in + - * and
 * the next step starting from the previous result, then {@code #### N}:
 * <pre>
 * 23 + 15 = 38
 * 38 - 9 = 29
 * #### 29
 * </pre>
 * Values stay non-negative and bounded: operands of + and - are at most maxOperand, * multiplies by
 * a single digit 2..9, and no value exceeds {@link Settings#maxValue()}.
 *
 * <p>Deterministic: problem n of a seed is the same whatever the count, on every JVM. Each problem
 * draws from its own SplitMix64 stream (written out here, so no library change can alter it);
 * java.util.Random is not used because its first draws for neighbouring seeds are nearly equal,
 * which made step counts drift slowly with n instead of varying from problem to problem.
 */
public final class SyntheticArithmetic {

    /** The operations a step may use. */
    public enum Op {
        ADD('+'),
        SUBTRACT('-'),
        MULTIPLY('*');

        private final char symbol;

        Op(char symbol) {
            this.symbol = symbol;
        }

        public char symbol() {
            return symbol;
        }
    }

    /**
     * @param count      problems to generate
     * @param seed       the seed; problem ids are "synth-SEED-N"
     * @param minSteps   fewest steps of a problem (at least 1)
     * @param maxSteps   most steps of a problem (at most 12)
     * @param maxOperand largest starting value and operand of + and - (at least 2)
     * @param ops        operations steps may use (not empty)
     */
    public record Settings(int count, long seed, int minSteps, int maxSteps, int maxOperand, Set<Op> ops) {

        public Settings {
            if (count < 0) {
                throw new IllegalArgumentException("count must not be negative: " + count);
            }
            if (minSteps < 1 || maxSteps < minSteps || maxSteps > 12) {
                throw new IllegalArgumentException(
                        "need 1 <= minSteps <= maxSteps <= 12, got " + minSteps + ".." + maxSteps);
            }
            if (maxOperand < 2) {
                throw new IllegalArgumentException("maxOperand must be at least 2: " + maxOperand);
            }
            Objects.requireNonNull(ops, "ops");
            if (ops.isEmpty()) {
                throw new IllegalArgumentException("ops must not be empty");
            }
            ops = Set.copyOf(ops);
        }

        /** 1 to 6 steps, operands up to 20, all three operations. */
        public static Settings defaults(int count, long seed) {
            return new Settings(count, seed, 1, 6, 20, EnumSet.allOf(Op.class));
        }

        public Settings withSteps(int min, int max) {
            return new Settings(count, seed, min, max, maxOperand, ops);
        }

        /** No intermediate value exceeds this: room for maxSteps additions of maxOperand, at least 10 of them. */
        public int maxValue() {
            return maxOperand * Math.max(10, maxSteps + 1);
        }
    }

    private static final String[][] PEOPLE = {
        {"Ann", "She"},
        {"Ben", "He"},
        {"Cara", "She"},
        {"Dan", "He"},
        {"Eva", "She"},
        {"Finn", "He"},
        {"Gia", "She"},
        {"Hugo", "He"}
    };
    private static final String[] ITEMS = {"apples", "marbles", "stickers", "coins", "books", "cards", "shells", "pens"
    };
    private static final String[] ADD_PHRASES = {"gets %d more", "finds %d more", "buys %d more"};
    private static final String[] SUBTRACT_PHRASES = {"gives away %d", "loses %d", "sells %d"};
    private static final String MULTIPLY_PHRASE = "multiplies them by %d";
    private static final int MAX_ATTEMPTS = 1000;

    private SyntheticArithmetic() {}

    /** {@code settings.count()} problems in the "train" split. */
    public static List<DatasetProblem> generate(Settings settings) {
        return generate(settings, "train");
    }

    public static List<DatasetProblem> generate(Settings settings, String split) {
        List<DatasetProblem> out = new ArrayList<>(settings.count());
        for (int n = 1; n <= settings.count(); n++) {
            out.add(problem(settings, n, split));
        }
        return out;
    }

    /** Problem n (1-based) of the settings' seed. */
    public static DatasetProblem problem(Settings settings, int n, String split) {
        SplitMix64 random = new SplitMix64(settings.seed() * 0x9E3779B97F4A7C15L + n);
        int steps = settings.minSteps() + random.nextInt(settings.maxSteps() - settings.minSteps() + 1);
        String[] person = PEOPLE[random.nextInt(PEOPLE.length)];
        String items = ITEMS[random.nextInt(ITEMS.length)];
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            DatasetProblem p = attempt(settings, n, split, random, steps, person, items);
            if (p != null) {
                return p;
            }
        }
        throw new IllegalArgumentException("settings cannot make a " + steps + "-step problem: " + settings);
    }

    private static DatasetProblem attempt(
            Settings s, int n, String split, SplitMix64 random, int steps, String[] person, String items) {
        long value = 1 + random.nextInt(s.maxOperand());
        StringBuilder story = new StringBuilder();
        StringBuilder rationale = new StringBuilder();
        List<String> phrases = new ArrayList<>();
        story.append(person[0])
                .append(" has ")
                .append(value)
                .append(' ')
                .append(items)
                .append('.');
        for (int step = 0; step < steps; step++) {
            List<Op> feasible = new ArrayList<>();
            for (Op op : Op.values()) {
                if (s.ops().contains(op) && feasible(op, value, s)) {
                    feasible.add(op);
                }
            }
            if (feasible.isEmpty()) {
                return null;
            }
            Op op = feasible.get(random.nextInt(feasible.size()));
            long operand;
            String phrase;
            switch (op) {
                case ADD:
                    operand = 1 + random.nextInt((int) Math.min(s.maxOperand(), s.maxValue() - value));
                    phrase = ADD_PHRASES[random.nextInt(ADD_PHRASES.length)];
                    break;
                case SUBTRACT:
                    operand = 1 + random.nextInt((int) Math.min(s.maxOperand(), value));
                    phrase = SUBTRACT_PHRASES[random.nextInt(SUBTRACT_PHRASES.length)];
                    break;
                default:
                    operand = 2 + random.nextInt((int) Math.min(8, s.maxValue() / value - 1));
                    phrase = MULTIPLY_PHRASE;
                    break;
            }
            long result = apply(op, value, operand);
            rationale
                    .append(value)
                    .append(' ')
                    .append(op.symbol())
                    .append(' ')
                    .append(operand)
                    .append(" = ")
                    .append(result)
                    .append('\n');
            phrases.add(String.format(phrase, operand));
            value = result;
        }
        story.append(' ')
                .append(person[1])
                .append(' ')
                .append(joinSteps(phrases))
                .append('.')
                .append(" How many does ")
                .append(person[0])
                .append(" have now?");
        rationale.append("#### ").append(value);
        return new DatasetProblem(
                "synthetic",
                "synth-" + s.seed() + "-" + n,
                story.toString(),
                String.valueOf(value),
                rationale.toString(),
                steps,
                steps,
                split,
                "synthetic",
                n);
    }

    private static boolean feasible(Op op, long value, Settings s) {
        switch (op) {
            case ADD:
                return value < s.maxValue();
            case SUBTRACT:
                return value >= 1;
            default:
                return value >= 1 && value * 2 <= s.maxValue();
        }
    }

    static long apply(Op op, long a, long b) {
        switch (op) {
            case ADD:
                return a + b;
            case SUBTRACT:
                return a - b;
            default:
                return a * b;
        }
    }

    /** "gets 3 more", "gets 3 more, then loses 2", "a, b, then c". */
    private static String joinSteps(List<String> phrases) {
        if (phrases.size() == 1) {
            return phrases.get(0);
        }
        return String.join(", ", phrases.subList(0, phrases.size() - 1)) + ", then " + phrases.get(phrases.size() - 1);
    }

    /** Steele, Lea and Flood's SplitMix64 generator: tiny, fast and fully specified. */
    private static final class SplitMix64 {
        private long state;

        SplitMix64(long seed) {
            this.state = seed;
        }

        long nextLong() {
            long z = (state += 0x9E3779B97F4A7C15L);
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }

        /** Uniform in [0, bound): rejection keeps it free of modulo bias. */
        int nextInt(int bound) {
            long limit = Long.MAX_VALUE - Long.MAX_VALUE % bound;
            long r;
            do {
                r = nextLong() >>> 1;
            } while (r >= limit);
            return (int) (r % bound);
        }
    }
}
