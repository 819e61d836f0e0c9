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
}
