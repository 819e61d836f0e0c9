package lyceum.experiment.config;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Binds a resolved experiment configuration to {@link ExperimentFile}: Jackson reads the HOCON tree with
 * kebab-case names, refuses unknown keys and nulls (except where a record says a key may be null), reads
 * durations and booleans as HOCON writes them and an enum constant by its name in kebab-case
 * ({@code STATE_RESET} is "state-reset"). A binding error is reported as Typesafe Config would report it:
 * with the key, and the file and line that set it.
 */
final class ConfigBinding {

    private static final ObjectMapper FILE = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .defaultSetterInfo(JsonSetter.Value.forValueNulls(Nulls.FAIL))
            .addModule(new SimpleModule("hocon")
                    .addDeserializer(Duration.class, new HoconDuration())
                    .addDeserializer(Boolean.class, new HoconBoolean(Boolean.class))
                    .addDeserializer(boolean.class, new HoconBoolean(boolean.class))
                    .setDeserializerModifier(new BeanDeserializerModifier() {
                        @Override
                        public JsonDeserializer<?> modifyEnumDeserializer(
                                DeserializationConfig config,
                                JavaType type,
                                BeanDescription beanDesc,
                                JsonDeserializer<?> deserializer) {
                            return new KebabEnum(type.getRawClass());
                        }
                    }))
            .build();

    private static final Pattern MISSING = Pattern.compile("Missing (?:required )?creator property '([^']+)'");

    private ConfigBinding() {}

    /**
     * @param root the experiment file over the defaults, resolved
     * @param origin how to name the file in an error about a key it should not have
     */
    static ExperimentFile bind(Config root, String origin) {
        JsonNode tree = FILE.valueToTree(root.root().unwrapped());
        try {
            ExperimentFile.Root bound =
                    FILE.readerFor(ExperimentFile.Root.class).readValue(tree);
            return bound.experiment();
        } catch (JsonMappingException e) {
            throw explain(root, origin, e);
        } catch (IOException e) {
            throw new ExperimentConfigException(origin + ": " + e.getMessage(), e);
        }
    }

    /** The same failure in the file's words: the key as written, its file and line, the rule it breaks. */
    private static RuntimeException explain(Config root, String origin, JsonMappingException e) {
        List<String> path = new ArrayList<>();
        Integer item = null;
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() == null) {
                item = ref.getIndex();
                break;
            }
            path.add(ref.getFieldName());
        }
        if (e instanceof UnrecognizedPropertyException && item == null) {
            String key = String.join(".", path);
            return new ExperimentConfigException(ExperimentRules.where(origin, valueAt(root, path))
                    + "unknown key '" + key + "'"
                    + (key.startsWith("experiment.") ? "" : " (settings live under 'experiment')"));
        }
        if (path.isEmpty() || !path.get(0).equals("experiment")) {
            return new ExperimentConfigException(origin + ": " + e.getOriginalMessage(), e);
        }
        Config experiment = root.getConfig("experiment");
        String key = String.join(".", path.subList(1, path.size()));
        if (item != null) {
            return ExperimentRules.bad(experiment, key, "item " + (item + 1) + " " + itemFault(root, path, e));
        }
        Class<?> type = e instanceof MismatchedInputException m ? m.getTargetType() : null;
        if (e instanceof InvalidFormatException && type != null && type.isEnum()) {
            return ExperimentRules.bad(
                    experiment,
                    key,
                    "'" + ((InvalidFormatException) e).getValue() + "' must be " + KebabEnum.names(type));
        }
        if (e instanceof ValueInstantiationException) {
            return ExperimentRules.bad(experiment, key, e.getCause().getMessage());
        }
        // A type error or a null where a value is needed: Typesafe Config's own message names the file and line.
        typedRead(root, String.join(".", path), type, false);
        return ExperimentRules.bad(experiment, key, "cannot be read: " + e.getOriginalMessage());
    }

    /** What is wrong with one item of a list, e.g. a few-shot example without an answer. */
    private static String itemFault(Config root, List<String> list, JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "has an unknown key '" + unknown.getPropertyName() + "'";
        }
        if (e instanceof InvalidNullException missing && missing.getPropertyName() != null) {
            return "needs '" + missing.getPropertyName().getSimpleName() + "'";
        }
        Matcher missing = MISSING.matcher(e.getOriginalMessage());
        if (missing.find()) {
            return "needs '" + missing.group(1) + "'";
        }
        typedRead(
                root, String.join(".", list), e instanceof MismatchedInputException m ? m.getTargetType() : null, true);
        return "cannot be read: " + e.getOriginalMessage();
    }

    /** Reads the key as the bound type through Typesafe Config, so that its own error (key, file, line) is thrown. */
    private static Object typedRead(Config root, String key, Class<?> type, boolean list) {
        if (type == null) {
            return root.getValue(key);
        } else if (type == int.class || type == Integer.class) {
            return list ? root.getIntList(key) : root.getInt(key);
        } else if (type == long.class || type == Long.class) {
            return list ? root.getLongList(key) : root.getLong(key);
        } else if (type == double.class || type == Double.class) {
            return list ? root.getDoubleList(key) : root.getDouble(key);
        } else if (type == boolean.class || type == Boolean.class) {
            return list ? root.getBooleanList(key) : root.getBoolean(key);
        } else if (type == String.class) {
            return list ? root.getStringList(key) : root.getString(key);
        } else if (type == Duration.class) {
            return list ? root.getDurationList(key) : root.getDuration(key);
        } else if (List.class.isAssignableFrom(type)) {
            return root.getList(key);
        }
        return list ? root.getObjectList(key) : root.getObject(key);
    }

    /** The value at a path, a null included (Config.getValue refuses nulls). */
    static ConfigValue valueAt(Config root, List<String> path) {
        ConfigValue value = root.root();
        for (String part : path) {
            if (!(value instanceof ConfigObject object) || !object.containsKey(part)) {
                return value;
            }
            value = object.get(part);
        }
        return value;
    }

    static ConfigValue valueAt(Config c, String key) {
        return valueAt(c, ConfigUtil.splitPath(key));
    }

    /** A HOCON duration: "60s", "10m", "5 minutes", or a number of milliseconds. */
    private static final class HoconDuration extends StdScalarDeserializer<Duration> {
        HoconDuration() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            Object raw = p.currentToken().isNumeric() ? p.getNumberValue() : p.getValueAsString();
            try {
                return ConfigFactory.empty()
                        .withValue("d", ConfigValueFactory.fromAnyRef(raw))
                        .getDuration("d");
            } catch (ConfigException e) {
                throw InvalidFormatException.from(p, "not a duration", raw, Duration.class);
            }
        }
    }

    /** A HOCON boolean: true, false, and also yes, no, on, off. */
    private static final class HoconBoolean extends StdScalarDeserializer<Boolean> {
        HoconBoolean(Class<?> type) {
            super(type);
        }

        @Override
        public Boolean deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken().isBoolean()) {
                return p.getBooleanValue();
            }
            String text = p.getValueAsString();
            return switch (text == null ? "" : text) {
                case "true", "yes", "on" -> true;
                case "false", "no", "off" -> false;
                default -> throw InvalidFormatException.from(p, "not a boolean", text, Boolean.class);
            };
        }
    }

    /** An enum constant by its name in kebab-case. */
    private static final class KebabEnum extends StdScalarDeserializer<Object> {
        private final Map<String, Object> byName = new LinkedHashMap<>();

        KebabEnum(Class<?> type) {
            super(type);
            for (Object constant : type.getEnumConstants()) {
                byName.put(name(constant), constant);
            }
        }

        private static String name(Object constant) {
            return KebabCase.of((Enum<?>) constant);
        }

        /** "a, b or c". */
        static String names(Class<?> type) {
            List<String> names =
                    Arrays.stream(type.getEnumConstants()).map(KebabEnum::name).toList();
            return names.size() == 1
                    ? names.get(0)
                    : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = p.getValueAsString();
            Object constant = text == null ? null : byName.get(text);
            if (constant == null) {
                throw InvalidFormatException.from(p, "not one of " + byName.keySet(), text, handledType());
            }
            return constant;
        }
    }
}
