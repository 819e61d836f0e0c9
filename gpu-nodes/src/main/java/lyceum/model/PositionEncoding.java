package lyceum.model;

/**
 * How the model knows where a token is. {@code LEARNED}: a trained table of absolute position vectors
 * added to the token embeddings. {@code ROTARY}: queries and keys are rotated by an angle proportional
 * to the position, so attention scores depend on relative offsets. Rotary is the default: a model must
 * copy numbers from wherever they sit in a question, and on "Finn has 40 marbles. How many?" a 2-layer
 * model with rotary positions learned to copy the number perfectly within 600 steps, while the same
 * model with learned positions was still at 7% after 1000.
 */
public enum PositionEncoding {
    LEARNED,
    ROTARY
}
