package vn.ketnoi.exchange;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.MissingNode;

import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.internal.json.Json;

/**
 * An answer read as a JSON tree: immutable and read-only, so one value can be handed to several
 * threads, and no Jackson type in sight (the SDK may change its JSON library without breaking
 * callers). Chosen over {@code Map<String, Object>} because a map cannot tell a missing member
 * from a JSON {@code null}, loses the difference between {@code 1} and {@code 1.0}, and invites
 * casts; here navigation never throws: {@link #get} and {@link #at} of something absent give the
 * {@linkplain Kind#MISSING missing} value, whose {@link #asText()} is empty.
 *
 * <p>{@link #toString()} shows the kind and size only: bodies carry personal data. {@link #toJson()}
 * gives the text on purpose.
 */
public final class JsonValue {
    /** The kind of a value. */
    public enum Kind {
        /** A JSON object. */
        OBJECT,
        /** A JSON array. */
        ARRAY,
        /** A JSON string. */
        STRING,
        /** A JSON number. */
        NUMBER,
        /** {@code true} or {@code false}. */
        BOOLEAN,
        /** The JSON {@code null}. */
        NULL,
        /** No value: a member or index that is not there. */
        MISSING
    }

    private static final JsonValue MISSING = new JsonValue(MissingNode.getInstance());
    /** Decimals as read, never through a double: {@code 2.50} stays {@code 2.50}. */
    private static final ObjectReader READER = Json.mapper().reader()
            .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .with(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));

    private final JsonNode node; // never handed out: a copy made on entry, never changed

    private JsonValue(JsonNode node) {
        this.node = node;
    }

    /** Wraps a tree the caller will not change afterwards (the SDK's own parse). */
    static JsonValue wrap(JsonNode node) {
        return node == null || node.isMissingNode() ? MISSING : new JsonValue(node);
    }

    /** Reads an answer's body; null when it is not JSON. */
    static JsonValue read(byte[] body) {
        try {
            JsonNode n = READER.readTree(body);
            return n == null ? null : wrap(n);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** The tree, for serialising it as a request body. */
    JsonNode node() {
        return node;
    }

    /**
     * Parses JSON text.
     *
     * @param json the text
     * @return the value
     * @throws InvalidInputException naming {@code json} when it is not one JSON value
     */
    public static JsonValue parse(String json) {
        if (json == null) {
            throw new InvalidInputException("json", "is required");
        }
        try {
            JsonNode n = READER.readTree(json);
            if (n == null) {
                throw new InvalidInputException("json", "is empty");
            }
            return wrap(n);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("json", "is not JSON (line " + e.getLocation().getLineNr() + ")");
        }
    }

    /**
     * A value from plain Java data: maps, lists, strings, numbers, booleans, null, or an object
     * Jackson can serialise.
     *
     * @param value the data
     * @return the value
     * @throws InvalidInputException naming {@code value} when it cannot be written as JSON
     */
    public static JsonValue of(Object value) {
        if (value instanceof JsonValue v) {
            return v;
        }
        try {
            return wrap(Json.mapper().valueToTree(value));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("value", "cannot be written as JSON ("
                    + (value == null ? "null" : value.getClass().getSimpleName()) + ")");
        }
    }

    /** {@return the kind of this value} */
    public Kind kind() {
        if (node.isMissingNode()) {
            return Kind.MISSING;
        }
        if (node.isObject()) {
            return Kind.OBJECT;
        }
        if (node.isArray()) {
            return Kind.ARRAY;
        }
        if (node.isTextual()) {
            return Kind.STRING;
        }
        if (node.isNumber()) {
            return Kind.NUMBER;
        }
        if (node.isBoolean()) {
            return Kind.BOOLEAN;
        }
        return node.isNull() ? Kind.NULL : Kind.STRING; // binary and POJO nodes never come from a parse
    }

    /** {@return whether this value is there at all (a JSON null is there)} */
    public boolean isPresent() {
        return !node.isMissingNode();
    }

    /**
     * The member of an object.
     *
     * @param name the member's name
     * @return its value; {@linkplain Kind#MISSING missing} when absent or this is not an object
     */
    public JsonValue get(String name) {
        return node.isObject() && name != null ? wrap(node.get(name)) : MISSING;
    }

    /**
     * The element of an array.
     *
     * @param index the index, from 0
     * @return its value; {@linkplain Kind#MISSING missing} when out of range or this is not an array
     */
    public JsonValue get(int index) {
        return node.isArray() ? wrap(node.get(index)) : MISSING;
    }

    /**
     * The value at a JSON Pointer (RFC 6901), such as {@code /registrations/0/entryNumber}.
     *
     * @param pointer the pointer; {@code ""} is this value
     * @return the value there, or {@linkplain Kind#MISSING missing}
     * @throws InvalidInputException naming {@code pointer} when it is not a JSON Pointer
     */
    public JsonValue at(String pointer) {
        if (pointer == null || !(pointer.isEmpty() || pointer.startsWith("/"))) {
            throw new InvalidInputException("pointer", "must be empty or start with /");
        }
        return wrap(node.at(pointer));
    }

    /** {@return the number of members of an object or elements of an array; 0 for anything else} */
    public int size() {
        return node.isContainerNode() ? node.size() : 0;
    }

    /** {@return the elements of an array, in order; empty for anything else} */
    public List<JsonValue> elements() {
        List<JsonValue> out = new ArrayList<>(size());
        if (node.isArray()) {
            node.forEach(n -> out.add(wrap(n)));
        }
        return Collections.unmodifiableList(out);
    }

    /** {@return the member names of an object, in document order; empty for anything else} */
    public List<String> names() {
        List<String> out = new ArrayList<>(size());
        if (node.isObject()) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                out.add(it.next());
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** {@return a string's text, a number's or boolean's JSON text; {@code ""} for null, missing, objects and arrays} */
    public String asText() {
        return node.isValueNode() && !node.isNull() ? node.asText() : "";
    }

    /**
     * {@return a number's exact value}
     *
     * @throws IllegalStateException when this is not a number
     */
    public BigDecimal asDecimal() {
        if (!node.isNumber()) {
            throw new IllegalStateException("not a number but " + kind());
        }
        return node.decimalValue();
    }

    /**
     * {@return a number that is a whole {@code long}}
     *
     * @throws IllegalStateException when this is not a whole number within {@code long}
     */
    public long asLong() {
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new IllegalStateException("not a whole number within long but " + kind());
        }
        return node.longValue();
    }

    /**
     * {@return a boolean's value}
     *
     * @throws IllegalStateException when this is not a boolean
     */
    public boolean asBoolean() {
        if (!node.isBoolean()) {
            throw new IllegalStateException("not a boolean but " + kind());
        }
        return node.booleanValue();
    }

    /**
     * Binds this value to a class of the caller's, with Jackson: annotations of
     * {@code com.fasterxml.jackson.annotation} on it apply; unknown members are ignored (a later
     * version of a service may add some).
     *
     * @param type the class
     * @param <T> the class
     * @return the bound object
     * @throws InvalidInputException naming {@code type} when the value does not fit the class
     */
    public <T> T as(Class<T> type) {
        if (type == null) {
            throw new InvalidInputException("type", "is required");
        }
        try {
            return Json.mapper().treeToValue(node, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new InvalidInputException("type", "the value does not fit " + type.getSimpleName());
        }
    }

    /** {@return the value as compact JSON text: may carry personal data, so never log it} */
    public String toJson() {
        return node.isMissingNode() ? "" : node.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonValue v && node.equals(v.node);
    }

    @Override
    public int hashCode() {
        return node.hashCode();
    }

    /** {@return the kind and size only: the content may be personal data} */
    @Override
    public String toString() {
        return "JsonValue[" + kind() + (node.isContainerNode() ? ", " + size() + (node.isArray() ? " elements" : " members") : "")
                + "]";
    }

    static JsonValue missing() {
        return MISSING;
    }
}
