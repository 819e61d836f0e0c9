package lyceum.model;

import java.util.Arrays;
import lyceum.engine.TrainingExample;

/**
 * A training sequence BOS + prompt + completion + EOS. The loss covers the tokens after the prompt
 * (the completion and EOS): position i predicts token i + 1, so positions from
 * {@code promptLength - 1} on are scored. Sequences longer than the context lose their tail.
 */
record EncodedExample(int[] tokens, int promptLength, boolean clipped) {

    static EncodedExample of(TrainingExample example, CharTokenizer tokenizer, int contextLength) {
        int[] prompt = tokenizer.encode(example.prompt());
        int[] completion = tokenizer.encode(example.completion());
        int[] tokens = new int[prompt.length + completion.length + 2];
        tokens[0] = CharTokenizer.BOS;
        System.arraycopy(prompt, 0, tokens, 1, prompt.length);
        System.arraycopy(completion, 0, tokens, 1 + prompt.length, completion.length);
        tokens[tokens.length - 1] = CharTokenizer.EOS;
        // Inputs are tokens[0..n-2], so a sequence of contextLength + 1 tokens still fits the window.
        boolean clipped = tokens.length > contextLength + 1;
        if (clipped) {
            tokens = Arrays.copyOf(tokens, contextLength + 1);
        }
        return new EncodedExample(tokens, prompt.length + 1, clipped);
    }

    /** Positions fed to the model: every token but the last. */
    int inputLength() {
        return tokens.length - 1;
    }

    int scoredTokens() {
        return Math.max(0, tokens.length - promptLength);
    }
}
