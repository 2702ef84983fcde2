package vn.ketnoi.chip;

import java.io.IOException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import org.jspecify.annotations.Nullable;

/**
 * The files an app read from a card's chip, as raw bytes: EF.COM, EF.SOD and the data groups
 * DG1 to DG16, each exactly as the chip returned it (the hashes in the SOD are over these bytes).
 * Nothing here is parsed or trusted yet: {@link ChipVerifier} decides whether the files are genuine,
 * and the {@code parse} methods of {@link Mrz}, {@link FaceImage}, {@link CitizenData} read them.
 *
 * <p>Bounded: at most {@value #MAX_FILE_BYTES} bytes a file ({@value #MAX_FACE_BYTES} for DG2, the
 * face) and {@value #MAX_JSON_CHARS} characters of JSON. {@link #toString()} names the files held,
 * never their content. Immutable and thread-safe; the accessors return copies.
 */
public final class ChipDump {
    /** The largest EF.COM, EF.SOD or data group other than DG2 accepted, in bytes. */
    public static final int MAX_FILE_BYTES = 64 * 1024;
    /** The largest DG2 (face image) accepted, in bytes. */
    public static final int MAX_FACE_BYTES = 512 * 1024;
    /** The longest JSON document {@link #fromJson} reads, in characters. */
    public static final int MAX_JSON_CHARS = 1024 * 1024;

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(4)
                    .maxStringLength(MAX_JSON_CHARS).maxDocumentLength(MAX_JSON_CHARS).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final byte @Nullable [] com;
    private final byte @Nullable [] sod;
    private final Map<Integer, byte[]> dataGroups;

    private ChipDump(Builder b) {
        this.com = b.com;
        this.sod = b.sod;
        this.dataGroups = Map.copyOf(b.dataGroups);
    }

    /** {@return a builder for a dump from raw bytes} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the JSON an app sends: one object whose members {@code com}, {@code sod} and
     * {@code dg1} to {@code dg16} hold the files in base64 (standard or URL-safe alphabet). Other
     * members with string, number, boolean or null values are ignored; a member twice is refused.
     *
     * @param json the app's JSON
     * @return the dump
     * @throws ChipFormatException naming the member that is not base64, too large, or not JSON
     */
    public static ChipDump fromJson(String json) {
        if (json == null) {
            throw new ChipFormatException("dump", "is missing");
        }
        if (json.length() > MAX_JSON_CHARS) {
            throw new ChipFormatException("dump", "is longer than " + MAX_JSON_CHARS + " characters");
        }
        Builder b = builder();
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ChipFormatException("dump", "is not a JSON object");
            }
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                if (t != JsonToken.FIELD_NAME) {
                    throw new ChipFormatException("dump", "is not a flat JSON object");
                }
                String name = p.currentName().toLowerCase(Locale.ROOT);
                JsonToken v = p.nextToken();
                if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                    throw new ChipFormatException("dump", "has a nested value, where only base64 strings are read");
                }
                int n = fileNumber(name);
                if (n == Integer.MIN_VALUE || v == JsonToken.VALUE_NULL) {
                    continue;
                }
                String field = "dump." + name;
                if (v != JsonToken.VALUE_STRING) {
                    throw new ChipFormatException(field, "is not a base64 string");
                }
                byte[] bytes = base64(p.getText(), field);
                if (n == 0) {
                    b.com(bytes);
                } else if (n == -1) {
                    b.sod(bytes);
                } else {
                    b.dataGroup(n, bytes);
                }
            }
            if (p.nextToken() != null) {
                throw new ChipFormatException("dump", "has content after the JSON object");
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ChipFormatException c) {
                throw c;
            }
            throw new ChipFormatException("dump", "is not valid JSON (" + e.getClass().getSimpleName() + ")", e);
        }
        return b.build();
    }

    /** 0 for com, -1 for sod, 1..16 for dgN, MIN_VALUE for any other name. */
    private static int fileNumber(String name) {
        if (name.equals("com")) {
            return 0;
        }
        if (name.equals("sod")) {
            return -1;
        }
        if (name.startsWith("dg") && name.length() <= 4) {
            try {
                int n = Integer.parseInt(name.substring(2));
                if (n >= 1 && n <= 16 && name.equals("dg" + n)) {
                    return n;
                }
            } catch (NumberFormatException e) {
                return Integer.MIN_VALUE;
            }
        }
        return Integer.MIN_VALUE;
    }

    private static byte[] base64(String text, String field) {
        try {
            String t = text.strip();
            return (t.indexOf('-') >= 0 || t.indexOf('_') >= 0 ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(t);
        } catch (IllegalArgumentException e) {
            throw new ChipFormatException(field, "is not valid base64");
        }
    }

    /** {@return EF.COM, if the app sent it} */
    public Optional<byte[]> com() {
        return Optional.ofNullable(com).map(byte[]::clone);
    }

    /** {@return EF.SOD, the document security object, if the app sent it} */
    public Optional<byte[]> sod() {
        return Optional.ofNullable(sod).map(byte[]::clone);
    }

    /**
     * A data group's bytes.
     *
     * @param number 1 to 16
     * @return the bytes, if the app sent that data group
     */
    public Optional<byte[]> dataGroup(int number) {
        byte[] b = dataGroups.get(number);
        return Optional.ofNullable(b).map(byte[]::clone);
    }

    /** {@return the numbers of the data groups present, in ascending order} */
    public Set<Integer> dataGroupNumbers() {
        return java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(dataGroups.keySet()));
    }

    /** For the verifier: no copy. */
    byte @Nullable [] rawSod() {
        return sod;
    }

    /** For the verifier: no copy. */
    byte @Nullable [] rawDataGroup(int number) {
        return dataGroups.get(number);
    }

    /** Names the files present and their sizes; never their content. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("ChipDump[");
        if (com != null) {
            s.append("com ").append(com.length).append(" B, ");
        }
        if (sod != null) {
            s.append("sod ").append(sod.length).append(" B, ");
        }
        new TreeMap<>(dataGroups).forEach((n, b) -> s.append("dg").append(n).append(' ').append(b.length).append(" B, "));
        if (s.charAt(s.length() - 1) == ' ') {
            s.setLength(s.length() - 2);
        }
        return s.append(']').toString();
    }

    /** Builds a {@link ChipDump} from raw bytes; each file is copied and its size checked. */
    public static final class Builder {
        private byte @Nullable [] com;
        private byte @Nullable [] sod;
        private final Map<Integer, byte[]> dataGroups = new TreeMap<>();

        private Builder() {
        }

        /**
         * EF.COM.
         *
         * @param bytes the file as read
         * @return this builder
         */
        public Builder com(byte[] bytes) {
            this.com = checked(bytes, "com", MAX_FILE_BYTES);
            return this;
        }

        /**
         * EF.SOD.
         *
         * @param bytes the file as read
         * @return this builder
         */
        public Builder sod(byte[] bytes) {
            this.sod = checked(bytes, "sod", MAX_FILE_BYTES);
            return this;
        }

        /**
         * A data group.
         *
         * @param number 1 to 16
         * @param bytes the file as read
         * @return this builder
         */
        public Builder dataGroup(int number, byte[] bytes) {
            if (number < 1 || number > 16) {
                throw new ChipFormatException("dump.dataGroup", "must be numbered 1 to 16");
            }
            dataGroups.put(number, checked(bytes, "dg" + number, number == 2 ? MAX_FACE_BYTES : MAX_FILE_BYTES));
            return this;
        }

        private static byte[] checked(byte[] bytes, String field, int max) {
            if (bytes == null || bytes.length == 0) {
                throw new ChipFormatException(field, "is empty");
            }
            if (bytes.length > max) {
                throw new ChipFormatException(field, "is larger than " + max + " bytes");
            }
            return bytes.clone();
        }

        /** {@return the dump} */
        public ChipDump build() {
            return new ChipDump(this);
        }
    }
}
