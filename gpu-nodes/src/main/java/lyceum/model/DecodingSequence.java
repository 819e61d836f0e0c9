package lyceum.model;

import java.util.Arrays;
import java.util.List;
import lyceum.engine.Generation;
import lyceum.engine.GenerationRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request while it is decoded: its prompt tokens (BOS + prompt), the tokens chosen so far and why
 * it stopped. It may generate at most {@code maxTokens}, and never beyond the context window.
 *
 * <p>{@code tokenCount} counts every chosen token including the end-of-sequence token, which is also
 * the set {@code meanLogProb} averages over; the text holds the characters before it. Generation also
 * ends once the text holds one of the request's stop strings, and the text is cut before the first.
 */
final class DecodingSequence {
    private static final Logger log = LoggerFactory.getLogger(DecodingSequence.class);

    private final GenerationRequest request;
    private final int[] tokens;
    private final int promptLength;
    private final int limit;
    private final TokenSampler sampler;
    private final CharTokenizer tokenizer;
    /** Characters of generated text that can hold a stop string ending at the newest token. */
    private final int stopWindow;

    private int generated;
    private int chosen;
    private double logProbSum;
    private boolean finished;
    private boolean truncated;
    private long finishedNanos;

    DecodingSequence(GenerationRequest request, CharTokenizer tokenizer, int contextLength) {
        this.request = request;
        int[] prompt = tokenizer.encode(request.prompt());
        int room = contextLength - 2;
        if (prompt.length > room) {
            log.warn("prompt of {} characters for {} keeps its last {}", prompt.length, request.requestId(), room);
            prompt = Arrays.copyOfRange(prompt, prompt.length - room, prompt.length);
        }
        this.promptLength = prompt.length + 1;
        this.limit = Math.max(0, Math.min(request.params().maxTokens(), contextLength - promptLength));
        this.tokens = new int[promptLength + limit];
        tokens[0] = CharTokenizer.BOS;
        System.arraycopy(prompt, 0, tokens, 1, prompt.length);
        this.sampler = new TokenSampler(request.params());
        this.tokenizer = tokenizer;
        this.stopWindow = request.stop().stream().mapToInt(String::length).max().orElse(0);
        if (limit == 0) {
            finish(true, System.nanoTime());
        }
    }

    int promptLength() {
        return promptLength;
    }

    /** Prompt plus generated tokens, excluding an end token. */
    int length() {
        return promptLength + generated;
    }

    int[] tokens() {
        return tokens;
    }

    int lastToken() {
        return tokens[length() - 1];
    }

    boolean finished() {
        return finished;
    }

    int limit() {
        return limit;
    }

    void choose(float[] logits, int offset, int vocab) {
        TokenChoice choice = sampler.next(logits, offset, vocab);
        chosen++;
        logProbSum += choice.logProb();
        long now = System.nanoTime();
        if (choice.token() == CharTokenizer.EOS) {
            finish(false, now);
            return;
        }
        tokens[promptLength + generated++] = choice.token();
        if (stopWindow > 0 && endsWithStop()) {
            finish(false, now);
        } else if (generated >= limit) {
            finish(true, now);
        }
    }

    private boolean endsWithStop() {
        int end = promptLength + generated;
        String tail = tokenizer.decode(tokens, Math.max(promptLength, end - stopWindow), end);
        return request.stop().stream().anyMatch(tail::endsWith);
    }

    /** The text before the first stop string it holds (all of it when none). */
    static String beforeStop(String text, List<String> stop) {
        int cut = text.length();
        for (String s : stop) {
            int at = text.indexOf(s);
            if (at >= 0) {
                cut = Math.min(cut, at);
            }
        }
        return text.substring(0, cut);
    }

    private void finish(boolean truncated, long nanos) {
        this.finished = true;
        this.truncated = truncated;
        this.finishedNanos = nanos;
    }

    Generation toGeneration(CharTokenizer tokenizer, long startNanos) {
        String text = beforeStop(tokenizer.decode(tokens, promptLength, promptLength + generated), request.stop());
        double mean = chosen == 0 ? 0.0 : logProbSum / chosen;
        long latency = (finishedNanos - startNanos) / 1_000_000L;
        return new Generation(request.requestId(), text, chosen, mean, truncated, latency);
    }
}
