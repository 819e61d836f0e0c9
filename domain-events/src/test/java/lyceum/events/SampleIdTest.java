package lyceum.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SampleIdTest {

    @Test
    void textFormRoundTrips() {
        SampleId id = new SampleId("exp-1", "gsm8k-test-17", 3, 1, 7);
        assertThat(SampleId.parse(id.value())).isEqualTo(id);
    }

    @Test
    void seedIsAFunctionOfTheIdentity() {
        SampleId a = new SampleId("exp-1", "p", 1, 0, 0);
        assertThat(a.seed()).isEqualTo(new SampleId("exp-1", "p", 1, 0, 0).seed());
        assertThat(a.seed()).isNotEqualTo(new SampleId("exp-1", "p", 1, 0, 1).seed());
        assertThat(a.seed()).isNotEqualTo(new SampleId("exp-1", "p", 2, 0, 0).seed());
    }

    @Test
    void rejectsMalformedIds() {
        assertThatThrownBy(() -> SampleId.parse("exp~p~1~0")).hasMessageContaining("not a sample id");
        assertThatThrownBy(() -> SampleId.parse("exp~p~x~0~1")).hasMessageContaining("numbers");
        assertThatThrownBy(() -> new SampleId("e~x", "p", 0, 0, 0)).hasMessageContaining("experimentId");
    }

    @Test
    void underAnExperimentSeedTheSamplingSeedIgnoresTheExperimentIdButNotThePlaceOrTheSeed() {
        SampleId a = new SampleId("exp-a", "synth-7-3", 1, 0, 2);
        SampleId b = new SampleId("exp-b", "synth-7-3", 1, 0, 2);
        org.assertj.core.api.Assertions.assertThat(a.seed(7L)).isEqualTo(b.seed(7L));
        org.assertj.core.api.Assertions.assertThat(a.seed(7L))
                .isNotEqualTo(a.seed(8L))
                .isNotEqualTo(new SampleId("exp-a", "synth-7-3", 1, 0, 3).seed(7L));
        org.assertj.core.api.Assertions.assertThat(a.seed(null))
                .isEqualTo(a.seed())
                .isNotEqualTo(b.seed());
    }
}
