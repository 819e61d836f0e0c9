package lyceum.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import lyceum.events.ProblemEvent.Accepted;
import lyceum.events.ProblemEvent.Corrected;
import lyceum.events.ProblemEvent.DecisionRule;
import lyceum.events.ProblemEvent.Hinted;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.events.ProblemEvent.Rejected;
import lyceum.events.ProblemEvent.Resampled;
import lyceum.events.ProblemEvent.Sampled;
import lyceum.projections.ExperimentScript;
import org.junit.jupiter.api.Test;

/** Audits and histories read back from a scripted experiment journaled in Cassandra 5. */
class AuditIntegrationTest extends ReadsScriptedJournal {

    @Test
    void anAcceptedSampleIsExplainedWithItsModelLineageGradeAndRule() throws Exception {
        Accepted accepted = first(Accepted.class, a -> a.iteration() == 2 && !a.hintDerived());
        Sampled sample = sampleOf(accepted.sampleId());

        SampleAudit audit = audit(accepted.sampleId());

        assertThat(audit.decision()).isEqualTo("accepted");
        assertThat(audit.reasons()).extracting(SampleAudit.Reason::rule).containsExactly("correct_under_quota");
        assertThat(audit.policyVersion()).isEqualTo("policy-1");
        assertThat(audit.training().prompt()).isEqualTo(accepted.trainingPrompt());
        assertThat(audit.training().completion()).isEqualTo(sample.text());
        assertThat(audit.grading().correct()).isTrue();
        assertThat(audit.grading().graderVersion()).isEqualTo("grader-1");
        assertThat(audit.grading().extractedAnswer())
                .isEqualTo(problemOf(sample).referenceAnswer());
        assertThat(audit.grading().current().agrees()).isTrue();
        // Iteration 2 samples with m1, which iteration 1's training produced.
        assertThat(audit.model().version()).isEqualTo("m1");
        assertThat(audit.model().trainedInIteration()).isEqualTo(1);
        assertThat(audit.model().training())
                .containsEntry("dataset_hash", "ds-1")
                .containsEntry("example_count", 11);
        assertThat(audit.sampling().temperature()).isEqualTo(0.7);
        assertThat(audit.sampling().seed()).isEqualTo(sample.seed());
        assertThat(audit.chain())
                .extracting(HistoryEntry::type)
                .startsWith("ProblemRegistered")
                .endsWith("Sampled", "Accepted")
                .containsSubsequence("TrainingStarted", "ModelTrained", "IterationStarted", "Sampled");
        assertThat(audit.explanation()).anyMatch(l -> l.startsWith("Accepted by policy policy-1: correct and under"));

        JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(audit));
        assertThat(json.get("sample_id").asText()).isEqualTo(accepted.sampleId());
        assertThat(json.get("decision").asText()).isEqualTo("accepted");
        assertThat(json.get("reasons").get(0).get("words").asText())
                .startsWith("correct and under the per-problem quota");
        assertThat(json.get("chain").get(0).get("type").asText()).isEqualTo("ProblemRegistered");
    }

    @Test
    void aRejectedSampleIsExplainedByItsWrongAnswer() {
        Rejected rejected = first(
                Rejected.class,
                r -> r.reasons().get(0).rule() == DecisionRule.INCORRECT
                        && sampleOf(r.sampleId()).extractedAnswer() != null);
        Sampled sample = sampleOf(rejected.sampleId());

        SampleAudit audit = audit(rejected.sampleId());

        assertThat(audit.decision()).isEqualTo("rejected");
        assertThat(audit.reasons()).extracting(SampleAudit.Reason::rule).containsExactly("incorrect");
        assertThat(audit.grading().correct()).isFalse();
        assertThat(audit.grading().extractedAnswer())
                .isEqualTo(sample.extractedAnswer())
                .isNotEqualTo(audit.problem().referenceAnswer());
        assertThat(audit.training()).isNull();
        assertThat(audit.chain()).extracting(HistoryEntry::type).last().isEqualTo("Rejected");
        assertThat(audit.explanation())
                .anyMatch(l -> l.equals("Rejected by policy policy-1: final answer is wrong."))
                .anyMatch(l -> l.contains("read the answer " + sample.extractedAnswer() + ": wrong"));
    }

    @Test
    void aHintDerivedSampleShowsTheHintChainBeforeIt() {
        Accepted accepted = first(Accepted.class, Accepted::hintDerived);
        Sampled sample = sampleOf(accepted.sampleId());
        Hinted hint = first(
                Hinted.class,
                h -> h.problemId().equals(sample.problemId())
                        && h.iteration() == sample.iteration()
                        && h.hintId().equals(sample.hintId()));
        Resampled resampled = first(
                Resampled.class, r -> r.problemId().equals(sample.problemId()) && r.iteration() == sample.iteration());

        SampleAudit audit = audit(accepted.sampleId());

        assertThat(audit.decision()).isEqualTo("accepted");
        assertThat(audit.round()).isEqualTo(1);
        assertThat(audit.training().hintDerived()).isTrue();
        assertThat(audit.hints()).singleElement().satisfies(h -> {
            assertThat(h.hintId()).isEqualTo(sample.hintId());
            assertThat(h.kind()).isEqualTo("answer");
            assertThat(h.payload()).isEqualTo(problemOf(sample).referenceAnswer());
            assertThat(h.reason()).isEqualTo(hint.reason()).endsWith("below min_correct 2");
            assertThat(h.appliedToThisSample()).isTrue();
        });
        assertThat(audit.resamples())
                .singleElement()
                .satisfies(r -> assertThat(r.cause()).isEqualTo(resampled.cause()));
        assertThat(audit.chain())
                .extracting(HistoryEntry::type)
                .containsSubsequence("ProblemRegistered", "Resampled", "Hinted", "Sampled", "Accepted");
        assertThat(audit.explanation())
                .anyMatch(l -> l.startsWith("Hint " + sample.hintId()) && l.endsWith("this sample was drawn under it."))
                .anyMatch(l -> l.contains("trains with the plain prompt (no hint)"));
    }

    @Test
    void aCritiquedSampleListsItsCritique() {
        Corrected corrected = first(Corrected.class, c -> true);

        SampleAudit audit = audit(corrected.sampleId());

        assertThat(audit.corrections()).singleElement().satisfies(c -> {
            assertThat(c.role()).isEqualTo("critique of this sample");
            assertThat(c.stepVerdicts()).hasSize(2);
            assertThat(c.refinedSampleId()).isEqualTo(corrected.refinedSampleId());
            assertThat(c.refinedCorrect()).isEqualTo(corrected.refinedCorrect());
        });
        assertThat(audit.chain()).extracting(HistoryEntry::type).contains("Corrected");
    }

    @Test
    void anUnknownSampleIsAClearError() {
        Sampled any = first(Sampled.class, s -> true);
        String unknown = any.experimentId() + "~" + any.problemId() + "~7~0~0";
        assertThatThrownBy(() -> audit(unknown))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no sample '" + unknown + "'");
        assertThatThrownBy(() -> SampleAuditor.locate("not-a-sample")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void historyListsAProblemsWholeStreamInOrder() {
        String problemId = "train-3";
        List<String> expectedTypes = script.journal().stream()
                .filter(j -> j.persistenceId().equals(ExperimentScript.persistenceId(ScriptedJournal.A, problemId)))
                .map(j -> j.event().getClass().getSimpleName())
                .toList();

        ProblemHistory history =
                ProblemHistory.of(ScriptedJournal.A, problemId, reader.problemHistory(ScriptedJournal.A, problemId));

        assertThat(history.events()).extracting(HistoryEntry::type).isEqualTo(expectedTypes);
        assertThat(history.events())
                .extracting(HistoryEntry::sequenceNr)
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(1, expectedTypes.size()).boxed().toList());
        assertThat(history.render()).contains("registered (train split").contains("accepted " + ScriptedJournal.A);
        assertThatThrownBy(() ->
                        ProblemHistory.of(ScriptedJournal.A, "nope", reader.problemHistory(ScriptedJournal.A, "nope")))
                .hasMessageContaining("no problem 'nope'");
    }

    private static SampleAudit audit(String sampleId) {
        String problemId = SampleAuditor.locate(sampleId).problemId();
        return SampleAuditor.audit(
                sampleId,
                reader.problemHistory(ScriptedJournal.A, problemId),
                reader.experimentHistory(ScriptedJournal.A),
                AnswerGrader.current());
    }

    private static Sampled sampleOf(String sampleId) {
        return first(Sampled.class, s -> s.sampleId().equals(sampleId));
    }

    private static ProblemRegistered problemOf(Sampled s) {
        return first(ProblemRegistered.class, p -> p.problemId().equals(s.problemId()));
    }

    private static <T> T first(Class<T> type, Predicate<T> test) {
        return script.events().stream()
                .filter(type::isInstance)
                .map(type::cast)
                .filter(test)
                .findFirst()
                .orElseThrow(() -> new AssertionError("the script has no such " + type.getSimpleName()));
    }
}
