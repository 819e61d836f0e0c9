package lyceum.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;
import lyceum.engine.Generation;

/** Two ways of generating compared: the generations agree, in order, on each field a test names. */
public final class SameGenerations {

    private SameGenerations() {}

    @SafeVarargs
    public static void assertSame(
            List<Generation> actual, List<Generation> expected, Function<Generation, ?>... fields) {
        for (Function<Generation, ?> field : fields) {
            assertThat(actual)
                    .extracting(field)
                    .isEqualTo(expected.stream().map(field).toList());
        }
    }
}
