package lyceum.grading;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lyceum's grader: reads the final answer of a response ({@link AnswerExtractor}) and decides
 * whether it is equivalent to the reference ({@link AnswerEquivalence}). Whether a sample counts as
 * correct decides what the model trains on, so every verdict names the grader version that made it.
 *
 * <p>Thread-safe; {@link #standard()} is the shared instance. The symbolic engine behind it starts
 * on the first comparison that needs it.
 */
public final class Grader {

    /**
     * The version every verdict carries. Any change that can change a verdict (extraction,
     * normalisation, parsing, equivalence rules, tolerances, probe points, time limits, Symja's
     * version or settings) must change this version, so that journals and replays can tell verdicts
     * of different graders apart.
     */
    public static final String VERSION = "lyceum-grader/1.2.0";

    private static final Logger log = LoggerFactory.getLogger(Grader.class);
    private static final Pattern PLAIN_NUMBER = Pattern.compile("[-+]?\\d+(?:\\.\\d+)?%?");
    private static final Grader STANDARD = new Grader(SymjaEngine::shared, GraderSettings.MATH);
    /**
     * Entries a memoizing grader keeps at most; past it, new pairs are graded without being
     * remembered, so memory stays bounded on any journal.
     */
    static final int MEMO_LIMIT = 1 << 20;
    /** Graders of other settings than {@link GraderSettings#MATH}; there are at most 32 settings. */
    private static final ConcurrentMap<GraderSettings, Grader> BY_SETTINGS = new ConcurrentHashMap<>();

    private final AnswerEquivalence equivalence;
    private final GraderSettings settings;
    /** Verdicts by (reference answer, predicted answer); null: this grader remembers nothing. */
    private final ConcurrentMap<AnswerPair, Verdict> verdicts;
    /** References read from gold texts; null with {@code verdicts}. */
    private final ConcurrentMap<String, Reference> references;

    private Grader(Supplier<SymjaEngine> symja, GraderSettings settings) {
        this(new AnswerEquivalence(symja, settings), settings, false);
    }

    private Grader(AnswerEquivalence equivalence, GraderSettings settings, boolean memoizing) {
        this.equivalence = equivalence;
        this.settings = settings;
        this.verdicts = memoizing ? new ConcurrentHashMap<>() : null;
        this.references = memoizing ? new ConcurrentHashMap<>() : null;
    }

    private record AnswerPair(String reference, String predicted) {}

    /** A gold text's reference answer and how a response to it is read. */
    private record Reference(Extraction extraction, boolean choiceLetter, boolean plainNumber) {}

    /**
     * Starts the shared symbolic engine in the background and returns at once: for bulk grading
     * (replay --regrade), whose first comparisons would otherwise wait for Symja's start-up.
     */
    public static void warmUp() {
        SymjaEngine.shared().warmUp();
    }

    /** A grader on its own symbolic engine (tests use one with a short time limit). */
    static Grader withEngine(SymjaEngine engine) {
        return new Grader(() -> engine, GraderSettings.MATH);
    }

    /** A grader on its own symbolic engine with the given settings. */
    static Grader withEngine(SymjaEngine engine, GraderSettings settings) {
        return new Grader(() -> engine, settings);
    }

    /**
     * The shared grader, with {@link GraderSettings#MATH}: on a numeric reference (every GSM8K,
     * SVAMP and synthetic answer) it reads responses as {@link GraderSettings#NUMERIC} does, since
     * the math-group fallback applies only to references that are not plain numbers.
     */
    public static Grader standard() {
        return STANDARD;
    }

    /** A grader with the given settings, on the shared symbolic engine; one per settings. */
    public static Grader withSettings(GraderSettings settings) {
        return settings.equals(GraderSettings.MATH)
                ? STANDARD
                : BY_SETTINGS.computeIfAbsent(settings, s -> new Grader(SymjaEngine::shared, s));
    }

    /**
     * This grader with a memory of its own: a verdict on a (reference answer, predicted answer) pair
     * it has judged before is given again without comparing, and a gold text is read once. For bulk
     * re-grading (replay), where a problem's samples mostly repeat a few final answers; the verdicts
     * are those this grader gives (its settings are fixed, so they are part of every key). A
     * comparison that ran out of time or failed is not remembered: it is tried again, as without
     * the memory. Thread-safe; memory is bounded by {@link #MEMO_LIMIT} pairs.
     */
    public Grader memoizing() {
        return new Grader(equivalence, settings, true);
    }

    /** The settings this grader decides with. */
    public GraderSettings settings() {
        return settings;
    }

    /**
     * Grades a whole response against a gold text. The gold may be a bare answer ("18",
     * {@code \frac{1}{2}}) or a whole solution (GSM8K text ending "#### N", a MATH solution with
     * {@code \boxed{}}). When the reference is a choice letter, the response is read for a letter.
     * Never throws: a response without an answer is a verdict with {@code extracted = ""}.
     */
    public Verdict grade(String gold, String response) {
        Read read = read(gold, response);
        return read.verdict() != null ? read.verdict() : judge(read.reference(), read.predicted());
    }

    /**
     * The verdict on a response whose grading ran out of its time budget: its answer is read (which is
     * cheap) but not compared, and it is not correct, with rule "grade-timeout".
     */
    public Verdict timedOut(String gold, String response) {
        Read read = read(gold, response);
        if (read.verdict() != null) {
            return read.verdict();
        }
        return read.predicted().isEmpty()
                ? judge(read.reference(), "")
                : verdict(false, read.predicted(), read.reference(), "grade-timeout", 0);
    }

    /** The reference and predicted answers of a response, or the verdict when there is nothing to compare. */
    private record Read(String reference, String predicted, Verdict verdict) {}

    private Read read(String gold, String response) {
        Extraction reference;
        Extraction predicted;
        try {
            Reference ref = reference(gold);
            reference = ref.extraction();
            predicted = ref.choiceLetter()
                    ? AnswerExtractor.choiceFromResponse(response)
                    : AnswerExtractor.fromResponse(
                            response, settings.latexGroupFallback() && !ref.plainNumber(), settings.decimalComma());
        } catch (RuntimeException | StackOverflowError e) {
            log.warn(
                    "Answer extraction failed for gold '{}' and response '{}'",
                    abbreviated(gold),
                    abbreviated(response),
                    e);
            return new Read("", "", verdict(false, "", "", "grader-error", 0));
        }
        if (!reference.found()) {
            return new Read("", predicted.answer(), verdict(false, predicted.answer(), "", "no-reference", 0));
        }
        return new Read(reference.answer(), predicted.answer(), null);
    }

    private Reference reference(String gold) {
        Reference known = references == null ? null : references.get(gold);
        if (known != null) {
            return known;
        }
        Extraction extraction = AnswerExtractor.fromGold(gold);
        boolean choice = extraction.found() && AnswerExtractor.isChoiceLetter(extraction.answer());
        Reference read = new Reference(extraction, choice, !choice && isPlainNumber(extraction.answer()));
        if (references != null && references.size() < MEMO_LIMIT) {
            references.put(gold, read);
        }
        return read;
    }

    /** Compares two bare answers, without extraction: e.g. an answer already extracted and journaled. */
    public Verdict gradeAnswer(String goldAnswer, String predictedAnswer) {
        return judge(
                goldAnswer == null ? "" : goldAnswer.strip(), predictedAnswer == null ? "" : predictedAnswer.strip());
    }

    /** Whether two bare answers are equivalent. */
    public boolean equivalent(String goldAnswer, String predictedAnswer) {
        return gradeAnswer(goldAnswer, predictedAnswer).equivalent();
    }

    /** The final answer of a response, as {@link #grade} reads it for a numeric reference. */
    public Extraction extract(String response) {
        return AnswerExtractor.fromResponse(response, false, settings.decimalComma());
    }

    /**
     * A reference that is a plain number ("18", "-2.5", "1,000"): responses to it are read by their
     * last number when they have no answer marker, as GSM8K-style graders read them.
     */
    private static boolean isPlainNumber(String answer) {
        return PLAIN_NUMBER.matcher(LatexNormalizer.normalize(answer)).matches();
    }

    private Verdict judge(String reference, String predicted) {
        if (predicted.isEmpty()) {
            return verdict(false, "", reference, "no-answer", 0);
        }
        if (verdicts == null) {
            return compare(reference, predicted);
        }
        AnswerPair pair = new AnswerPair(reference, predicted);
        Verdict known = verdicts.get(pair);
        if (known != null) {
            return known;
        }
        Verdict v = compare(reference, predicted);
        if (!v.rule().equals("symja-timeout") && !v.rule().equals("grader-error") && verdicts.size() < MEMO_LIMIT) {
            verdicts.put(pair, v);
        }
        return v;
    }

    private Verdict compare(String reference, String predicted) {
        try {
            AnswerEquivalence.Decision d = equivalence.compare(reference, predicted);
            return verdict(d.equivalent(), predicted, reference, d.rule(), d.symjaCalls());
        } catch (RuntimeException | StackOverflowError e) {
            // A grader defect must not stop an experiment: the sample is recorded as not correct,
            // with a rule an auditor can find.
            log.warn(
                    "Grading failed for reference '{}' and answer '{}'",
                    abbreviated(reference),
                    abbreviated(predicted),
                    e);
            return verdict(false, predicted, reference, "grader-error", 0);
        }
    }

    /** A model's answer can be megabytes long; a log line shows its start. */
    private static String abbreviated(String text) {
        return text == null || text.length() <= 200
                ? text
                : text.substring(0, 200) + "... (" + text.length() + " chars)";
    }

    private static Verdict verdict(
            boolean equivalent, String extracted, String reference, String rule, int symjaCalls) {
        return new Verdict(equivalent, extracted, reference, rule, symjaCalls, VERSION);
    }
}
