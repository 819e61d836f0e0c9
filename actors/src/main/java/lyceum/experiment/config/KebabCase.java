package lyceum.experiment.config;

import java.util.Locale;

/** How an experiment file names an enum constant: its name in kebab-case ({@code STATE_RESET} is "state-reset"). */
public final class KebabCase {

    private KebabCase() {}

    public static String of(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
