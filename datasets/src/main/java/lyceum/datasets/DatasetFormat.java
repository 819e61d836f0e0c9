package lyceum.datasets;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lyceum.grading.AnswerExtractor;
import lyceum.grading.Extraction;

/** How the lines of one dataset's JSONL files become {@link DatasetProblem}s. */
sealed interface DatasetFormat {

    /** Reads one line into a problem of the given split. */
    DatasetProblem read(JsonlLines.Line line, String split);

    /** Reasoning steps of a worked solution: its non-blank lines before the "#### N" line. */
    static int solutionSteps(String solution) {
        int steps = 0;
        for (String l : solution.split("\n")) {
            if (l.strip().startsWith("####")) {
                break;
            }
            if (!l.isBlank()) {
                steps++;
            }
        }
        return steps;
    }

    /** Buckets of step counts: one per step count, with eight steps or more together. */
    static int stepBucket(int steps) {
        return Math.max(1, Math.min(steps, 8));
    }

    /**
     * GSM8K: {"question", "answer"}, the answer a worked solution ending "#### N". Difficulty is the
     * number of reasoning steps (solution lines before "####"), bucket {@link #stepBucket}. Problem ids
     * are "gsm8k-SPLIT-LINE" (the dataset has no ids of its own).
     */
    record Gsm8k() implements DatasetFormat {
        @Override
        public DatasetProblem read(JsonlLines.Line line, String split) {
            String question = line.text("question");
            String solution = line.text("answer");
            int hash = solution.lastIndexOf("####");
            if (hash < 0) {
                throw line.error("answer", "has no \"#### N\" final answer");
            }
            String answer = AnswerExtractor.fromGold(solution).answer();
            if (answer.isEmpty()) {
                throw line.error("answer", "has nothing after \"####\"");
            }
            int steps = solutionSteps(solution);
            return new DatasetProblem(
                    "gsm8k",
                    "gsm8k-" + split + "-" + line.number(),
                    question,
                    answer,
                    solution,
                    steps,
                    stepBucket(steps),
                    split,
                    line.source(),
                    line.number());
        }
    }

    /**
     * MATH-500: {"problem", "solution", "answer", "subject", "level", "unique_id"}. Difficulty and
     * bucket are the MATH level, 1 to 5.
     */
    record Math500() implements DatasetFormat {
        @Override
        public DatasetProblem read(JsonlLines.Line line, String split) {
            String problem = line.text("problem");
            String solution = line.text("solution");
            String answer = line.text("answer");
            double level = line.number("level");
            if (level != Math.rint(level) || level < 1 || level > 5) {
                throw line.error("level", "must be an integer from 1 to 5, found " + level);
            }
            return new DatasetProblem(
                    "math500",
                    line.text("unique_id"),
                    problem,
                    answer,
                    solution,
                    level,
                    (int) level,
                    split,
                    line.source(),
                    line.number());
        }
    }

    /**
     * SVAMP: {"ID", "Body", "Question", "Equation", "Answer"}. The question is Body then Question.
     * Difficulty is the number of operators in the Equation (bucket: that number, at least 1). The
     * rationale is derived from the Equation: "(692 + 692) - 458 = 926" then "#### 926".
     */
    record Svamp() implements DatasetFormat {
        private static final Pattern OPERATOR = Pattern.compile("[-+*/]");

        @Override
        public DatasetProblem read(JsonlLines.Line line, String split) {
            String body = line.text("Body").strip();
            String question = line.text("Question").strip();
            String equation = line.text("Equation");
            line.number("Answer");
            String answer = line.textOrNumber("Answer");
            Matcher m = OPERATOR.matcher(equation);
            int operators = 0;
            while (m.find()) {
                operators++;
            }
            String rationale = tidy(equation) + " = " + answer + "\n#### " + answer;
            return new DatasetProblem(
                    "svamp",
                    line.textOrNumber("ID"),
                    body + " " + question,
                    answer,
                    rationale,
                    operators,
                    Math.max(1, operators),
                    split,
                    line.source(),
                    line.number());
        }

        /** "( ( 692.0 + 692.0 ) - 458.0 )" becomes "(692 + 692) - 458". */
        static String tidy(String equation) {
            String s = equation.strip()
                    .replaceAll("(\\d+)\\.0\\b", "$1")
                    .replace("( ", "(")
                    .replace(" )", ")");
            while (s.startsWith("(") && s.endsWith(")") && enclosesWhole(s)) {
                s = s.substring(1, s.length() - 1).strip();
            }
            return s;
        }

        private static boolean enclosesWhole(String s) {
            int depth = 0;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                depth += c == '(' ? 1 : c == ')' ? -1 : 0;
                if (depth == 0 && i < s.length() - 1) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * Custom JSONL through a {@link FieldMapping}. The answer may be a bare answer or a whole solution
     * ("#### N" or {@code \boxed{}}), from which the reference answer is read. Difficulty comes from
     * the difficulty field (a number, or the first number in a string such as "Level 3"; bucket: its
     * rounded value, at least 1); without one, from the rationale's reasoning steps as for GSM8K;
     * without a rationale it is 0 with bucket 0 (unknown). Ids default to "NAME-LINE".
     */
    record Custom(String name, FieldMapping mapping) implements DatasetFormat {
        private static final Pattern FIRST_NUMBER = Pattern.compile("-?\\d+(?:\\.\\d+)?");

        @Override
        public DatasetProblem read(JsonlLines.Line line, String split) {
            String question = line.text(mapping.questionField());
            String answerText = line.textOrNumber(mapping.answerField());
            String rationale = line.optionalTextOrNumber(mapping.rationaleField());
            String answer = answerText;
            if (answerText.contains("####") || answerText.contains("\\boxed")) {
                Extraction e = AnswerExtractor.fromGold(answerText);
                if (!e.found()) {
                    throw line.error(mapping.answerField(), "has a solution marker but no final answer");
                }
                answer = e.answer();
                rationale = rationale != null ? rationale : answerText;
            }
            String id = line.optionalTextOrNumber(mapping.idField());
            double difficulty;
            int bucket;
            String difficultyText = line.optionalTextOrNumber(mapping.difficultyField());
            if (difficultyText != null) {
                Matcher m = FIRST_NUMBER.matcher(difficultyText);
                if (!m.find()) {
                    throw line.error(mapping.difficultyField(), "holds no number: " + difficultyText);
                }
                difficulty = Double.parseDouble(m.group());
                if (!Double.isFinite(difficulty)) {
                    throw line.error(mapping.difficultyField(), "number out of range: " + m.group());
                }
                bucket = (int) Math.min(Integer.MAX_VALUE, Math.max(1, Math.round(difficulty)));
            } else if (rationale != null) {
                int steps = solutionSteps(rationale);
                difficulty = steps;
                bucket = stepBucket(steps);
            } else {
                difficulty = 0;
                bucket = 0;
            }
            return new DatasetProblem(
                    name,
                    id != null ? id : name + "-" + line.number(),
                    question,
                    answer,
                    rationale,
                    difficulty,
                    bucket,
                    split,
                    line.source(),
                    line.number());
        }

        /** A dataset name from a file name: "my-data.jsonl" is "my-data". */
        static String nameOf(String fileName) {
            int dot = fileName.indexOf('.');
            return (dot > 0 ? fileName.substring(0, dot) : fileName).toLowerCase(Locale.ROOT);
        }
    }
}
