package lyceum.experiment;

import java.util.regex.Pattern;

/**
 * The ids Lyceum accepts. An experiment id names a folder under the data folder, so it is a plain
 * file name; a problem id also allows '/' (MATH-500's ids are "test/algebra/1.json"). Neither may hold
 * '~' or '|', which separate the parts of sample and entity ids.
 */
public final class Ids {

    public static final int EXPERIMENT_MAX = 64;
    public static final int PROBLEM_MAX = 128;
    private static final Pattern EXPERIMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");
    private static final Pattern PROBLEM = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._/-]*");

    public static final String EXPERIMENT_RULE =
            "letters, digits, '.', '_' and '-', not starting with '.', at most " + EXPERIMENT_MAX + " characters";
    public static final String PROBLEM_RULE = "letters, digits, '.', '_', '-' and '/', not starting with '.' or '/',"
            + " at most " + PROBLEM_MAX + " characters";

    private Ids() {}

    /** Why {@code id} is no experiment id, or null when it is one. */
    public static String experimentIdError(String id) {
        return id != null
                        && id.length() <= EXPERIMENT_MAX
                        && EXPERIMENT.matcher(id).matches()
                ? null
                : "experiment id '" + id + "' is not allowed: use " + EXPERIMENT_RULE;
    }

    /** Why {@code id} is no problem id, or null when it is one. */
    static String problemIdError(String id) {
        return id != null && id.length() <= PROBLEM_MAX && PROBLEM.matcher(id).matches()
                ? null
                : "problem id '" + id + "' is not allowed: use " + PROBLEM_RULE;
    }
}
