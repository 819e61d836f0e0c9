package lyceum.workers;

import lyceum.engine.Generation;

/**
 * What an engine's text may be once it leaves a worker: at most {@code maxChars} characters of
 * well-formed text. Every backend's output passes through here ({@link GenerationWorker}) before it
 * crosses the network and reaches the journal, so a runaway or corrupt generation costs a bounded
 * message, a bounded journal write and a bounded grading, and is journaled flagged truncated.
 *
 * <p>Control characters other than tab, line feed and carriage return (NUL included) and unpaired
 * surrogates become U+FFFD: they carry no reasoning, and an unpaired surrogate is not encodable as
 * UTF-8, which the CBOR journal format requires. A cut never splits a surrogate pair.
 */
public final class GenerationOutput {

    /** The replacement for characters a journaled text does not keep. */
    static final char REPLACEMENT = '\uFFFD';

    private final int maxChars;

    public GenerationOutput(int maxChars) {
        if (maxChars < 1) {
            throw new IllegalArgumentException(
                    "lyceum.generation.max-output-chars must be at least 1, found " + maxChars);
        }
        this.maxChars = maxChars;
    }

    public int maxChars() {
        return maxChars;
    }

    /** The generation with its text cleaned and capped; truncated when the cap cut it. */
    public Generation bound(Generation g) {
        String text = g.text() == null ? "" : g.text();
        boolean cut = text.length() > maxChars;
        if (cut) {
            int end = maxChars;
            if (Character.isHighSurrogate(text.charAt(end - 1)) && Character.isLowSurrogate(text.charAt(end))) {
                end--;
            }
            text = text.substring(0, end);
        }
        String clean = wellFormed(text);
        if (!cut && clean.equals(g.text())) {
            return g;
        }
        return new Generation(
                g.requestId(), clean, g.tokenCount(), g.meanLogProb(), g.truncated() || cut, g.latencyMillis());
    }

    private static String wellFormed(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean keep;
            if (Character.isHighSurrogate(c)) {
                keep = i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
                if (keep) {
                    if (out != null) {
                        out.append(c).append(text.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
            } else if (Character.isLowSurrogate(c)) {
                keep = false;
            } else {
                keep = !Character.isISOControl(c) || c == '\n' || c == '\t' || c == '\r';
            }
            if (!keep && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (out != null) {
                out.append(keep ? c : REPLACEMENT);
            }
        }
        return out == null ? text : out.toString();
    }
}
