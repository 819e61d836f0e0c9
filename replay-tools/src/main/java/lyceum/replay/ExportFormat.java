package lyceum.replay;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Training-data formats of the external trainers: LLaMA-Factory's alpaca and sharegpt, TRL's
 * conversational SFT and preference (DPO) datasets. All are written as JSON Lines.
 */
public enum ExportFormat {
    /** LLaMA-Factory alpaca: {@code instruction}, {@code input}, {@code output}. */
    ALPACA("alpaca"),
    /** LLaMA-Factory sharegpt: {@code conversations} of {@code {from: human|gpt, value}}. */
    SHAREGPT("sharegpt"),
    /** TRL SFTTrainer conversational: {@code messages} of {@code {role: user|assistant, content}}. */
    TRL_SFT("trl-sft"),
    /** TRL DPOTrainer standard preference: {@code prompt}, {@code chosen}, {@code rejected}. */
    TRL_DPO("trl-dpo");

    private final String key;

    ExportFormat(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static ExportFormat parse(String text) {
        String wanted = text.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(f -> f.key.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown format '" + text + "': "
                        + Arrays.stream(values()).map(ExportFormat::key).collect(Collectors.joining(", "))));
    }

    @Override
    public String toString() {
        return key;
    }
}
