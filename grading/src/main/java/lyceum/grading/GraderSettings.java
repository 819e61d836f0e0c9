package lyceum.grading;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The choices on which public graders disagree, or that depend on how a dataset writes its answers.
 * One record, so that a verdict's settings can be stated in one place; {@link #forDataset} gives the
 * default of each bundled dataset. Changing a default changes verdicts, and so the grader version.
 *
 * @param decimalComma           "2,74" and "1000,99" are decimals (2.74, 1000.99) rather than lists
 *                               of two numbers; a comma followed by exactly three digits stays a
 *                               thousands separator either way ("1,000" is 1000)
 * @param latexGroupFallback     a response without any answer marker is read by its last math group
 *                               ({@code $..$}, {@code \(..\)}, {@code \[..\]}) before its last number
 * @param equationsUpToScaling   equations equal up to rearrangement and a non-zero factor are the same
 *                               ("x+y=2" and "2x+2y=4"); off: the same equation up to moving terms only
 *                               (factor 1 or -1)
 * @param inequalityForInterval  a predicted inequality in one variable ("-2 \le x \le 7") may stand for
 *                               a reference interval ("[-2,7]"); off: only a written interval or set
 *                               matches an interval reference (Math-Verify's default, which keeps a
 *                               model from scoring by restating an inequality). The other direction
 *                               (reference inequality, predicted interval) is always accepted.
 *                               Answers are read in one variable only in both cases.
 * @param orderedLists           a bare list "10, 4, -2" is compared in order (Hendrycks' string check);
 *                               off: as a list of solutions, in any order
 */
public record GraderSettings(
        boolean decimalComma,
        boolean latexGroupFallback,
        boolean equationsUpToScaling,
        boolean inequalityForInterval,
        boolean orderedLists) {

    /** MATH-style answers (MATH-500, custom LaTeX datasets). */
    public static final GraderSettings MATH = new GraderSettings(false, true, true, true, false);
    /**
     * Numeric word problems (GSM8K, SVAMP, synthetic arithmetic): no math-group fallback, so a response
     * in prose is read by its last number as before and "$5 and $6" is never read as math.
     */
    public static final GraderSettings NUMERIC = new GraderSettings(false, false, true, true, false);

    /** The default settings for a dataset name: bundled names as above, any other name MATH-style. */
    public static GraderSettings forDataset(String dataset) {
        String name = dataset == null ? "" : dataset.toLowerCase(Locale.ROOT);
        return switch (name) {
            case "gsm8k", "svamp", "synthetic", "arithmetic" -> NUMERIC;
            default -> MATH;
        };
    }

    /** The settings by field name, as a journaled event holds them (see {@link #fromMap}). */
    public Map<String, Boolean> toMap() {
        Map<String, Boolean> map = new LinkedHashMap<>();
        map.put("decimalComma", decimalComma);
        map.put("latexGroupFallback", latexGroupFallback);
        map.put("equationsUpToScaling", equationsUpToScaling);
        map.put("inequalityForInterval", inequalityForInterval);
        map.put("orderedLists", orderedLists);
        return map;
    }

    /**
     * Settings from {@link #toMap()}'s form; a setting it does not name keeps its {@link #MATH} value,
     * and null is {@link #MATH}: what every answer was graded with before settings were journaled.
     */
    public static GraderSettings fromMap(Map<String, Boolean> map) {
        GraderSettings settings = MATH;
        if (map != null) {
            for (Map.Entry<String, Boolean> e : map.entrySet()) {
                settings = settings.with(e.getKey(), Boolean.TRUE.equals(e.getValue()));
            }
        }
        return settings;
    }

    /**
     * These settings with one of them changed, by its field name (as an experiment file would name
     * it); an unknown name is an error that names it and the known ones.
     */
    public GraderSettings with(String setting, boolean on) {
        return switch (setting) {
            case "decimalComma" ->
                new GraderSettings(on, latexGroupFallback, equationsUpToScaling, inequalityForInterval, orderedLists);
            case "latexGroupFallback" ->
                new GraderSettings(decimalComma, on, equationsUpToScaling, inequalityForInterval, orderedLists);
            case "equationsUpToScaling" ->
                new GraderSettings(decimalComma, latexGroupFallback, on, inequalityForInterval, orderedLists);
            case "inequalityForInterval" ->
                new GraderSettings(decimalComma, latexGroupFallback, equationsUpToScaling, on, orderedLists);
            case "orderedLists" ->
                new GraderSettings(decimalComma, latexGroupFallback, equationsUpToScaling, inequalityForInterval, on);
            default ->
                throw new IllegalArgumentException("unknown grader setting '" + setting + "'; known: decimalComma, "
                        + "latexGroupFallback, equationsUpToScaling, inequalityForInterval, orderedLists");
        };
    }
}
