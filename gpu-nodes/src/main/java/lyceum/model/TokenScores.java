package lyceum.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Per-token log-probabilities of given completions under a model, by one causal forward pass over prompt
 * and completion (teacher forcing): each token's natural-log probability under the untempered
 * distribution (the quantity whose mean the decoder reports for what it generates) and the most likely
 * alternatives at its position. Lyceum's tokens are characters; when the completion ended (the model
 * chose to stop), the end-of-sequence token is the last entry, an empty string since it adds no text.
 * The server's {@code logprobs} and the scoring of reference rationales both come from here.
 */
public final class TokenScores {

    /** One alternative at a position. */
    public record Alternative(String token, double logprob) {}

    /** A completion's tokens, their log-probabilities and, per position, the {@code top} most likely tokens. */
    public record Scored(List<String> tokens, List<Double> logprobs, List<List<Alternative>> top) {
        /** The same with at most {@code count} alternatives per position. */
        public Scored withTop(int count) {
            return new Scored(
                    tokens,
                    logprobs,
                    top.stream()
                            .map(t -> t.subList(0, Math.min(count, t.size())))
                            .toList());
        }

        /** The first {@code count} tokens: a completion cut at a stop sequence keeps the tokens before it. */
        public Scored first(int count) {
            int n = Math.min(count, tokens.size());
            return new Scored(tokens.subList(0, n), logprobs.subList(0, n), top.subList(0, n));
        }

        /** The mean log-probability of the tokens, NaN for none. */
        public double meanLogprob() {
            return logprobs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }
    }

    /** One completion to score: {@code ended} when the model stopped after it (its end token is scored too). */
    public record Completion(String prompt, String text, boolean ended) {}

    private TokenScores() {}

    /**
     * Scores each completion after its prompt, keeping {@code top} alternatives per position. A prompt
     * longer than the context keeps its last characters that fit, as the decoder does.
     */
    public static List<Scored> score(LanguageModel model, List<Completion> completions, int top) {
        CharTokenizer tokenizer = model.tokenizer();
        int context = model.config().contextLength();
        int vocab = model.config().vocabSize();
        List<int[]> sequences = new ArrayList<>();
        List<Integer> firstScored = new ArrayList<>();
        int longest = 1;
        for (Completion completion : completions) {
            int[] prompt = tokenizer.encode(completion.prompt());
            int room = context - 2; // the decoder keeps the prompt's last characters that fit, as here
            if (prompt.length > room) {
                prompt = Arrays.copyOfRange(prompt, prompt.length - room, prompt.length);
            }
            int[] text = tokenizer.encode(completion.text());
            int[] sequence = new int[1 + prompt.length + text.length];
            sequence[0] = CharTokenizer.BOS;
            System.arraycopy(prompt, 0, sequence, 1, prompt.length);
            System.arraycopy(text, 0, sequence, 1 + prompt.length, text.length);
            sequences.add(sequence);
            firstScored.add(prompt.length);
            longest = Math.max(longest, sequence.length);
        }
        float[] logits;
        try (NDManager step = model.manager().newSubManager()) {
            long[] tokens = new long[sequences.size() * longest]; // right-padded with PAD (0): causal, so harmless
            for (int i = 0; i < sequences.size(); i++) {
                int[] sequence = sequences.get(i);
                for (int t = 0; t < sequence.length; t++) {
                    tokens[i * longest + t] = sequence[t];
                }
            }
            NDArray input = step.create(tokens, new Shape(sequences.size(), longest));
            logits = model.network().causalLogits(input).toFloatArray();
        }
        List<Scored> scored = new ArrayList<>();
        for (int i = 0; i < sequences.size(); i++) {
            int[] sequence = sequences.get(i);
            boolean ended = completions.get(i).ended();
            List<String> names = new ArrayList<>();
            List<Double> logprobs = new ArrayList<>();
            List<List<Alternative>> alternatives = new ArrayList<>();
            // The logits at position p predict the token at p + 1; the end token follows the last one.
            for (int p = firstScored.get(i); p < sequence.length - (ended ? 0 : 1); p++) {
                int token = p + 1 < sequence.length ? sequence[p + 1] : CharTokenizer.EOS;
                int offset = (i * longest + p) * vocab;
                double logSum = LogNormalizer.of(logits, offset, vocab).logSumExp();
                names.add(name(tokenizer, token));
                logprobs.add(logits[offset + token] - logSum);
                alternatives.add(top(tokenizer, logits, offset, vocab, logSum, top));
            }
            scored.add(new Scored(names, logprobs, alternatives));
        }
        return scored;
    }

    /** The {@code count} most likely tokens the decoder could emit (never padding or begin). */
    private static List<Alternative> top(
            CharTokenizer tokenizer, float[] logits, int offset, int vocab, double logSum, int count) {
        List<Alternative> best = new ArrayList<>();
        boolean[] taken = new boolean[vocab];
        for (int k = 0; k < count; k++) {
            int argmax = -1;
            for (int t = 0; t < vocab; t++) {
                if (!taken[t]
                        && t != CharTokenizer.PAD
                        && t != CharTokenizer.BOS
                        && (argmax < 0 || logits[offset + t] > logits[offset + argmax])) {
                    argmax = t;
                }
            }
            if (argmax < 0) {
                break;
            }
            taken[argmax] = true;
            best.add(new Alternative(name(tokenizer, argmax), logits[offset + argmax] - logSum));
        }
        return best;
    }

    /**
     * A token as the text it adds: its character, the replacement character for unknown, and the empty
     * string for the end token, so a completion's tokens joined are its text.
     */
    private static String name(CharTokenizer tokenizer, int token) {
        return token == CharTokenizer.UNK
                ? "\uFFFD"
                : token == CharTokenizer.EOS ? "" : tokenizer.vocabulary().get(token);
    }
}
