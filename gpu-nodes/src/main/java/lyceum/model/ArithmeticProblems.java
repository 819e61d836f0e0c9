package lyceum.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import lyceum.engine.TrainingExample;

/**
 * Small arithmetic word problems in the experiment format (a question line; then one "a op b = c" line
 * per step and "#### N"), for benchmarks and model checks that must not depend on the dataset module.
 */
public final class ArithmeticProblems {
    private static final String[] NAMES = {"Ava", "Ben", "Chloe", "Dan", "Emma", "Finn", "Grace", "Hugo", "Iris", "Jack"
    };
    private static final String[] ITEMS = {
        "apples", "marbles", "stickers", "books", "coins", "shells", "pencils", "cards"
    };
    private static final String[] PLACES = {
        "at the market", "after school", "on Saturday", "at the fair", "in the morning"
    };

    private ArithmeticProblems() {}

    /** {@code count} problems of 1 to {@code maxSteps} steps with operands below 100, seeded. */
    public static List<TrainingExample> generate(int count, int maxSteps, long seed) {
        Random random = new Random(seed);
        List<TrainingExample> problems = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            problems.add(problem("p" + i, 1 + random.nextInt(maxSteps), random));
        }
        return problems;
    }

    private static TrainingExample problem(String id, int steps, Random random) {
        String name = NAMES[random.nextInt(NAMES.length)];
        String item = ITEMS[random.nextInt(ITEMS.length)];
        int value = 10 + random.nextInt(90);
        StringBuilder question = new StringBuilder();
        question.append(capitalize(PLACES[random.nextInt(PLACES.length)]))
                .append(", ")
                .append(name)
                .append(" has ")
                .append(value)
                .append(' ')
                .append(item)
                .append('.');
        StringBuilder rationale = new StringBuilder();
        for (int step = 0; step < steps; step++) {
            int operation = random.nextInt(value > 20 ? 3 : 2);
            int operand;
            int result;
            String symbol;
            if (operation == 0) {
                operand = 2 + random.nextInt(60);
                result = value + operand;
                symbol = "+";
                question.append(" Then ")
                        .append(name)
                        .append(" gets ")
                        .append(operand)
                        .append(" more.");
            } else if (operation == 1 && value < 200) {
                operand = 2 + random.nextInt(4);
                result = value * operand;
                symbol = "*";
                question.append(" Then the number of ")
                        .append(item)
                        .append(" grows ")
                        .append(operand)
                        .append(" times.");
            } else {
                operand = 1 + random.nextInt(value - 1);
                result = value - operand;
                symbol = "-";
                question.append(" Then ")
                        .append(name)
                        .append(" gives away ")
                        .append(operand)
                        .append('.');
            }
            rationale
                    .append(value)
                    .append(' ')
                    .append(symbol)
                    .append(' ')
                    .append(operand)
                    .append(" = ")
                    .append(result)
                    .append('\n');
            value = result;
        }
        question.append(" How many ").append(item).append(" does ").append(name).append(" have now?\n");
        rationale.append("#### ").append(value);
        return new TrainingExample(id, question.toString(), rationale.toString());
    }

    private static String capitalize(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
