package lyceum.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import lyceum.engine.Generation;
import lyceum.engine.GenerationRequest;
import lyceum.engine.SamplingParams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DecodingTest {
    private static final Map<PositionEncoding, LanguageModel> MODELS = new EnumMap<>(PositionEncoding.class);
    private static LanguageModel model;

    @BeforeAll
    static void trainTinyModels() {
        for (PositionEncoding positions : PositionEncoding.values()) {
            MODELS.put(positions, TinyModels.brieflyTrained(positions));
        }
        model = MODELS.get(TinyModels.CONFIG.positionEncoding());
    }

    @AfterAll
    static void closeModels() {
        MODELS.values().forEach(LanguageModel::close);
    }

    private static GenerationRequest request(String id, String prompt, SamplingParams params) {
        return new GenerationRequest(id, prompt, params);
    }

    @ParameterizedTest
    @EnumSource(PositionEncoding.class)
    void greedyWithTheKvCacheEqualsNaiveRecomputation(PositionEncoding positions) {
        LanguageModel model = MODELS.get(positions);
        // Prompts of different lengths, so the batch is left-padded.
        List<GenerationRequest> requests = List.of(
                request("a", "What is 3 + 4?\n", SamplingParams.greedy(30)),
                request("b", "What is 17 + 25?\n", SamplingParams.greedy(30)),
                request("c", "Q\n", SamplingParams.greedy(30)),
                request("d", "What is the sum of 12 and 9, please?\n", SamplingParams.greedy(30)));
        List<Generation> cached = KvCacheDecoder.generate(model, requests);
        List<Generation> naive = NaiveDecoder.generate(model, requests);
        for (int i = 0; i < requests.size(); i++) {
            assertThat(cached.get(i).requestId()).isEqualTo(requests.get(i).requestId());
            assertThat(cached.get(i).text()).isEqualTo(naive.get(i).text());
            assertThat(cached.get(i).tokenCount()).isEqualTo(naive.get(i).tokenCount());
            assertThat(cached.get(i).truncated()).isEqualTo(naive.get(i).truncated());
            assertThat(cached.get(i).meanLogProb())
                    .isCloseTo(naive.get(i).meanLogProb(), org.assertj.core.data.Offset.offset(1e-4));
        }
    }

    @ParameterizedTest
    @EnumSource(PositionEncoding.class)
    void samplesFromPromptsPrefilledInSeveralBlocksEqualNaiveSamples(PositionEncoding positions) {
        LanguageModel model = MODELS.get(positions);
        // Prompts from shorter than one prefill block to several blocks long, left-padded in one batch.
        List<GenerationRequest> requests = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String prompt = ("What is 4 + " + i + "?\n").repeat(1 + i);
            requests.add(request("p" + i, prompt, new SamplingParams(1.0, 0.95, 20, 40 + i)));
        }
        assertThat(requests.get(4).prompt().length()).isGreaterThan(2 * KvCacheDecoder.PREFILL_BLOCK);
        List<Generation> cached = KvCacheDecoder.generate(model, requests);
        List<Generation> naive = NaiveDecoder.generate(model, requests);
        SameGenerations.assertSame(cached, naive, Generation::text, Generation::tokenCount);
    }

    @Test
    void aSampleDoesNotDependOnItsBatch() {
        SamplingParams params = new SamplingParams(1.0, 0.95, 40, 77);
        GenerationRequest probe = request("probe", "What is 8 + 13?\n", params);
        String alone = KvCacheDecoder.generate(model, List.of(probe)).get(0).text();
        List<GenerationRequest> crowd = new ArrayList<>();
        crowd.add(request("x", "What is 100 + 200 + 300?\n", new SamplingParams(1.0, 0.95, 40, 1)));
        crowd.add(request("y", "Hi\n", new SamplingParams(0.5, 1.0, 5, 2)));
        crowd.add(probe);
        crowd.add(request("z", "What is 8 + 13?\n", new SamplingParams(1.0, 0.95, 40, 78)));
        List<Generation> together = KvCacheDecoder.generate(model, crowd);
        assertThat(together.get(2).text()).isEqualTo(alone);
        assertThat(NaiveDecoder.generate(model, List.of(probe)).get(0).text()).isEqualTo(alone);
    }

    @Test
    void sameSeedSameTextAndSamplesOfOnePromptDiffer() {
        List<GenerationRequest> requests = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            requests.add(request("s" + i, "What is 5 + 6?\n", new SamplingParams(1.5, 1.0, 40, 500 + i)));
        }
        List<Generation> first = KvCacheDecoder.generate(model, requests);
        List<Generation> second = KvCacheDecoder.generate(model, requests);
        SameGenerations.assertSame(first, second, Generation::text);
        assertThat(first.stream().map(Generation::text).distinct().count()).isGreaterThan(1);
    }

    @Test
    void stopsAtMaxTokensWithTheTruncatedFlag() {
        List<Generation> generations = KvCacheDecoder.generate(
                model,
                List.of(
                        request("short", "What is 11 + 12?\n", SamplingParams.greedy(4)),
                        request("none", "What is 11 + 12?\n", SamplingParams.greedy(0)),
                        request("full", "What is 11 + 12?\n", SamplingParams.greedy(60))));
        Generation cut = generations.get(0);
        assertThat(cut.truncated()).isTrue();
        assertThat(cut.tokenCount()).isEqualTo(4);
        assertThat(cut.text()).hasSize(4);
        Generation none = generations.get(1);
        assertThat(none.truncated()).isTrue();
        assertThat(none.tokenCount()).isZero();
        assertThat(none.text()).isEmpty();
        Generation full = generations.get(2);
        assertThat(full.truncated()).isFalse();
        // The end token is counted but not part of the text.
        assertThat(full.tokenCount()).isEqualTo(full.text().length() + 1);
        assertThat(full.meanLogProb()).isNegative();
    }

    @Test
    void neverRunsPastTheContextWindow() {
        String longPrompt = "1 + 1 = 2\n".repeat(20);
        Generation generation = KvCacheDecoder.generate(
                        model, List.of(request("long", longPrompt, new SamplingParams(1.0, 1.0, 500, 4))))
                .get(0);
        assertThat(generation.tokenCount()).isLessThanOrEqualTo(1);
        assertThat(generation.text().length()).isLessThanOrEqualTo(1);
    }

    @Test
    void chunkedGenerationKeepsRequestOrder() {
        List<GenerationRequest> requests = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            requests.add(request("r" + i, "What is " + "9".repeat(7 - i) + " + 1?\n", SamplingParams.greedy(12)));
        }
        List<Generation> chunked = DjlGenerator.decodeInChunks(model, requests, 3);
        List<Generation> whole = KvCacheDecoder.generate(model, requests);
        assertThat(chunked).extracting(Generation::requestId).containsExactly("r0", "r1", "r2", "r3", "r4", "r5", "r6");
        SameGenerations.assertSame(chunked, whole, Generation::text);
    }
}
