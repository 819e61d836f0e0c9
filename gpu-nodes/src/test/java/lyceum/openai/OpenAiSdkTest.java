package lyceum.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionTokenLogprob;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionChoice;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.models.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lyceum.engine.Generation;
import lyceum.engine.GenerationRequest;
import lyceum.engine.SamplingParams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * lyceum serve through the official OpenAI Java SDK, which validates every answer against OpenAI's
 * schema: completions with per-token logprobs, streams, chat completions, the model list and errors.
 * The expected texts and log-probabilities come from the same checkpoint decoded in process.
 */
class OpenAiSdkTest extends ServedCheckpointTest {
    private static final String QUESTION = "What is 3 + 4?";

    private static OpenAIClient client;

    @BeforeAll
    static void connect() {
        client = OpenAIOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + server.port() + "/v1")
                .apiKey(TOKEN)
                .maxRetries(0)
                .responseValidation(true)
                .build();
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    private static Generation local(String prompt, int maxTokens) throws Exception {
        return inProcess
                .generate(
                        version,
                        List.of(new GenerationRequest("g", prompt, new SamplingParams(0.0, 1.0, maxTokens, 1))))
                .get(0);
    }

    private static CompletionCreateParams.Builder greedy(int maxTokens) {
        return CompletionCreateParams.builder()
                .model(version)
                .prompt(QUESTION + "\n")
                .maxTokens(maxTokens)
                .temperature(0.0)
                .seed(1);
    }

    @Test
    void completionsCarryPerTokenLogprobsThatAgreeWithTheDecoder() throws Exception {
        Generation expected = local(QUESTION + "\n", 40);
        Completion completion =
                client.completions().create(greedy(40).logprobs(3).build());
        CompletionChoice choice = completion.choices().get(0);
        CompletionChoice.Logprobs logprobs = choice.logprobs().orElseThrow();
        List<String> tokens = logprobs.tokens().orElseThrow();
        List<Double> tokenLogprobs = logprobs.tokenLogprobs().orElseThrow();
        List<Long> offsets = logprobs.textOffset().orElseThrow();
        List<CompletionChoice.Logprobs.TopLogprob> top = logprobs.topLogprobs().orElseThrow();

        assertThat(choice.text()).isEqualTo(expected.text());
        assertThat(String.join("", tokens)).isEqualTo(choice.text());
        assertThat(tokens)
                .hasSize(expected.tokenCount())
                .hasSameSizeAs(tokenLogprobs)
                .hasSameSizeAs(offsets)
                .hasSameSizeAs(top);
        assertThat(tokenLogprobs.stream()
                        .mapToDouble(Double::doubleValue)
                        .average()
                        .orElseThrow())
                .isCloseTo(expected.meanLogProb(), offset(1e-4));
        long at = 0;
        for (int i = 0; i < tokens.size(); i++) {
            assertThat(offsets.get(i)).isEqualTo(at);
            at += tokens.get(i).length();
            Map<String, JsonValue> alternatives = top.get(i)._additionalProperties();
            assertThat(alternatives).hasSize(3);
            // greedy decoding chose the most likely token, so it leads its alternatives
            double best = alternatives.values().stream()
                    .mapToDouble(v -> ((Number) v.asNumber().orElseThrow()).doubleValue())
                    .max()
                    .orElseThrow();
            assertThat(tokenLogprobs.get(i)).isCloseTo(best, offset(1e-9));
        }
        assertThat(choice.finishReason())
                .isEqualTo(
                        expected.truncated()
                                ? CompletionChoice.FinishReason.LENGTH
                                : CompletionChoice.FinishReason.STOP);
    }

    @Test
    void aStreamCarriesTheSameCompletionTokenByTokenThenUsage() throws Exception {
        Completion whole = client.completions().create(greedy(24).logprobs(0).build());
        StringBuilder text = new StringBuilder();
        List<Double> streamedLogprobs = new ArrayList<>();
        List<String> finishes = new ArrayList<>();
        Long completionTokens = null;
        int chunks = 0;
        // The SDK's schema makes a completion's finish_reason required, yet OpenAI's own streams send null until
        // the last chunk, as this server does; so this stream is read without the schema check.
        OpenAIClient lenient = client.withOptions(o -> o.responseValidation(false));
        try (StreamResponse<Completion> stream = lenient.completions()
                .createStreaming(greedy(24)
                        .logprobs(0)
                        .streamOptions(ChatCompletionStreamOptions.builder()
                                .includeUsage(true)
                                .build())
                        .build())) {
            for (Completion chunk : (Iterable<Completion>) stream.stream()::iterator) {
                chunks++;
                for (CompletionChoice choice : chunk.choices()) {
                    text.append(choice.text());
                    choice.logprobs()
                            .flatMap(CompletionChoice.Logprobs::tokenLogprobs)
                            .ifPresent(streamedLogprobs::addAll);
                    if (!choice._finishReason().isNull()
                            && !choice._finishReason().isMissing()) {
                        finishes.add(choice.finishReason().asString());
                    }
                }
                if (chunk.usage().isPresent()) {
                    completionTokens = chunk.usage().get().completionTokens();
                }
            }
        }
        String expected = whole.choices().get(0).text();
        assertThat(text.toString()).isEqualTo(expected);
        assertThat(chunks).isGreaterThan(expected.length());
        assertThat(finishes)
                .containsExactly(whole.choices().get(0).finishReason().asString());
        assertThat(streamedLogprobs)
                .isEqualTo(whole.choices()
                        .get(0)
                        .logprobs()
                        .orElseThrow()
                        .tokenLogprobs()
                        .orElseThrow());
        assertThat(completionTokens).isEqualTo(whole.usage().orElseThrow().completionTokens());
    }

    @Test
    void chatCompletionsRenderTheMessagesAsTheModelsPromptAndStreamToo() throws Exception {
        Generation expected = local("Add the numbers.\n" + QUESTION + "\n", 40);
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                .model(version)
                .addSystemMessage("Add the numbers.")
                .addUserMessage(QUESTION)
                .maxCompletionTokens(40)
                .temperature(0.0)
                .logprobs(true)
                .topLogprobs(2)
                .build();
        ChatCompletion chat = client.chat().completions().create(params);
        ChatCompletion.Choice choice = chat.choices().get(0);
        List<ChatCompletionTokenLogprob> logprobs =
                choice.logprobs().orElseThrow().content().orElseThrow();

        assertThat(choice.message().content()).hasValue(expected.text());
        assertThat(logprobs).hasSize(expected.tokenCount());
        assertThat(logprobs.stream()
                        .mapToDouble(ChatCompletionTokenLogprob::logprob)
                        .average()
                        .orElseThrow())
                .isCloseTo(expected.meanLogProb(), offset(1e-4));
        assertThat(logprobs).allSatisfy(t -> assertThat(t.topLogprobs()).hasSize(2));

        StringBuilder streamed = new StringBuilder();
        List<String> roles = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream =
                client.chat().completions().createStreaming(params)) {
            stream.stream()
                    .forEach(chunk -> chunk.choices().forEach(c -> {
                        c.delta().content().ifPresent(streamed::append);
                        c.delta().role().ifPresent(role -> roles.add(role.asString()));
                    }));
        }
        assertThat(streamed.toString()).isEqualTo(expected.text());
        assertThat(roles).containsExactly("assistant");
    }

    @Test
    void theModelListAndErrorsAreWhatTheSdkExpects() throws Exception {
        assertThat(client.models().list().data()).extracting(Model::id).startsWith(version);
        assertThat(client.models().retrieve(version).id()).isEqualTo(version);

        assertThatThrownBy(() -> client.completions()
                        .create(greedy(8).model("0123456789abcdef").build()))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.code()).hasValue("model_not_found");
                    assertThat(e.getMessage())
                            .contains("0123456789abcdef not found")
                            .doesNotContain(store.root().toString());
                });
        assertThatThrownBy(() -> client.chat()
                        .completions()
                        .create(ChatCompletionCreateParams.builder()
                                .model(version)
                                .addUserMessage(QUESTION)
                                .maxCompletionTokens(1_000_000)
                                .build()))
                .isInstanceOfSatisfying(
                        com.openai.errors.BadRequestException.class,
                        e -> assertThat(e.param()).hasValue("max_completion_tokens"));
        OpenAIClient stranger = client.withOptions(o -> o.apiKey("wrong"));
        assertThatThrownBy(() -> stranger.models().list()).isInstanceOf(UnauthorizedException.class);
    }
}
