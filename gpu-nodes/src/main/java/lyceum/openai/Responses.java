package lyceum.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import lyceum.model.TokenScores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answer to one completions or chat request in OpenAI's shapes: whole ({@code text_completion},
 * {@code chat.completion}) or as server-sent events ({@code data: CHUNK} per token, a last chunk per
 * choice with its finish reason, a usage chunk when {@code stream_options.include_usage}, then
 * {@code data: [DONE]}). Stop sequences cut a choice's text, and its tokens with it, before the first
 * stop found.
 */
final class Responses {
    private static final Logger log = LoggerFactory.getLogger(Responses.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One choice after stop sequences: its text, why it ended and its scored tokens (null when not asked). */
    private record Choice(String text, String finish, TokenScores.Scored scored, double meanLogprob) {}

    private final String id;
    private final String model;
    private final CompletionRequest request;
    private final List<Choice> choices = new ArrayList<>();
    private final long created = System.currentTimeMillis() / 1000;
    private final long promptTokens;
    private long completionTokens;

    Responses(String id, String model, CompletionRequest request, List<CompletionServer.Answer> answers) {
        this.id = id;
        this.model = model;
        this.request = request;
        for (CompletionServer.Answer answer : answers) {
            String text = answer.generation().text();
            String finish = answer.generation().truncated() ? "length" : "stop";
            TokenScores.Scored scored = answer.scored();
            for (String stop : request.stop()) {
                int at = stop.isEmpty() ? -1 : text.indexOf(stop);
                if (at >= 0) {
                    text = text.substring(0, at);
                    finish = "stop";
                    scored = scored == null ? null : scored.first(at);
                }
            }
            choices.add(new Choice(text, finish, scored, answer.generation().meanLogProb()));
            completionTokens += answer.generation().tokenCount();
        }
        // One token per character, plus the begin token.
        this.promptTokens =
                request.prompts().stream().mapToLong(p -> p.length() + 1L).sum();
    }

    ObjectNode whole() {
        ObjectNode root = head(request.chat() ? "chat.completion" : "text_completion");
        ArrayNode out = root.putArray("choices");
        for (int i = 0; i < choices.size(); i++) {
            Choice choice = choices.get(i);
            ObjectNode node = out.addObject();
            node.put("index", i);
            if (request.chat()) {
                ObjectNode message = node.putObject("message");
                message.put("role", "assistant");
                message.put("content", choice.text());
                message.putNull("refusal");
                node.set(
                        "logprobs",
                        choice.scored() == null
                                ? null
                                : chatLogprobs(
                                        choice.scored(),
                                        0,
                                        choice.scored().tokens().size()));
            } else {
                node.put("text", choice.text());
                node.set(
                        "logprobs",
                        choice.scored() == null
                                ? null
                                : completionLogprobs(
                                        choice.scored(),
                                        0,
                                        choice.scored().tokens().size(),
                                        0));
            }
            node.put("finish_reason", choice.finish());
            node.put("mean_logprob", choice.meanLogprob());
        }
        root.set("usage", usage());
        return root;
    }

    /** Writes the answer as server-sent events. */
    void stream(HttpExchange exchange) {
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = new BufferedOutputStream(exchange.getResponseBody())) {
                String object = request.chat() ? "chat.completion.chunk" : "text_completion";
                for (int i = 0; i < choices.size(); i++) {
                    Choice choice = choices.get(i);
                    if (request.chat()) {
                        ObjectNode first = head(object);
                        ObjectNode c = first.putArray("choices").addObject();
                        c.put("index", i);
                        c.putObject("delta").put("role", "assistant").put("content", "");
                        c.putNull("finish_reason");
                        event(out, first);
                    }
                    int length = choice.text().length();
                    for (int t = 0; t < length; t++) {
                        event(out, piece(object, i, choice, choice.text().substring(t, t + 1), t, t + 1, null));
                    }
                    // The last chunk: the end token's entry, if scored and not cut, and the finish reason.
                    int scoredTokens = choice.scored() == null
                            ? length
                            : choice.scored().tokens().size();
                    event(out, piece(object, i, choice, "", length, scoredTokens, choice.finish()));
                }
                if (request.includeUsage()) {
                    ObjectNode usage = head(object);
                    usage.putArray("choices");
                    usage.set("usage", usage());
                    event(out, usage);
                }
                out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            log.debug("stream to {} ended early: {}", exchange.getRemoteAddress(), e.toString());
        }
    }

    /** A chunk of choice {@code index}: its {@code text} and the scored tokens {@code [from, to)}. */
    private ObjectNode piece(String object, int index, Choice choice, String text, int from, int to, String finish) {
        ObjectNode chunk = head(object);
        ObjectNode c = chunk.putArray("choices").addObject();
        c.put("index", index);
        if (request.chat()) {
            ObjectNode delta = c.putObject("delta");
            if (!text.isEmpty()) {
                delta.put("content", text);
            }
        } else {
            c.put("text", text);
        }
        boolean scored = choice.scored() != null && from < to;
        if (request.chat()) {
            c.set("logprobs", scored ? chatLogprobs(choice.scored(), from, to) : null);
        } else {
            c.set("logprobs", scored ? completionLogprobs(choice.scored(), from, to, from) : null);
        }
        c.put("finish_reason", finish);
        return chunk;
    }

    private ObjectNode head(String object) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", id);
        root.put("object", object);
        root.put("created", created);
        root.put("model", model);
        return root;
    }

    private ObjectNode usage() {
        ObjectNode usage = JSON.createObjectNode();
        usage.put("prompt_tokens", promptTokens);
        usage.put("completion_tokens", completionTokens);
        usage.put("total_tokens", promptTokens + completionTokens);
        return usage;
    }

    /** The completions shape for tokens {@code [from, to)}; offsets count from the text's start. */
    private ObjectNode completionLogprobs(TokenScores.Scored scored, int from, int to, int firstOffset) {
        ObjectNode logprobs = JSON.createObjectNode();
        ArrayNode tokens = logprobs.putArray("tokens");
        ArrayNode tokenLogprobs = logprobs.putArray("token_logprobs");
        ArrayNode top = request.logprobs() > 0 ? logprobs.putArray("top_logprobs") : null;
        if (top == null) {
            logprobs.putNull("top_logprobs");
        }
        ArrayNode offsets = logprobs.putArray("text_offset");
        int offset = firstOffset;
        for (int t = from; t < to; t++) {
            tokens.add(scored.tokens().get(t));
            tokenLogprobs.add(scored.logprobs().get(t));
            if (top != null) {
                ObjectNode alternatives = top.addObject();
                scored.top().get(t).forEach(a -> alternatives.put(a.token(), a.logprob()));
            }
            offsets.add(offset);
            offset += scored.tokens().get(t).length();
        }
        return logprobs;
    }

    /** The chat shape for tokens {@code [from, to)}. */
    private static ObjectNode chatLogprobs(TokenScores.Scored scored, int from, int to) {
        ObjectNode logprobs = JSON.createObjectNode();
        ArrayNode content = logprobs.putArray("content");
        for (int t = from; t < to; t++) {
            ObjectNode entry = token(
                    content.addObject(),
                    scored.tokens().get(t),
                    scored.logprobs().get(t));
            ArrayNode top = entry.putArray("top_logprobs");
            scored.top().get(t).forEach(a -> token(top.addObject(), a.token(), a.logprob()));
        }
        logprobs.putNull("refusal");
        return logprobs;
    }

    private static ObjectNode token(ObjectNode node, String token, double logprob) {
        node.put("token", token);
        node.put("logprob", logprob);
        ArrayNode bytes = node.putArray("bytes");
        for (byte b : token.getBytes(StandardCharsets.UTF_8)) {
            bytes.add(b & 0xff);
        }
        return node;
    }

    private static void event(OutputStream out, ObjectNode chunk) throws IOException {
        out.write(("data: " + JSON.writeValueAsString(chunk) + "\n\n").getBytes(StandardCharsets.UTF_8));
    }
}
