package vn.ketnoi.core.credential;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import vn.ketnoi.core.exception.InvalidInputException;

/**
 * Where an agency key in a PKCS#11 device is: the device vendor's PKCS#11 library, the slot, where
 * the user PIN comes from, and the key's label. {@link AgencyCredentials#fromPkcs11(Pkcs11Settings)}
 * opens it through the JDK's SunPKCS11 provider; the key never leaves the device.
 *
 * <p>The PIN is read when the credentials are made, from a file or an environment variable, so
 * the settings themselves can be logged: {@link #toString()} names where the PIN comes from, never
 * the PIN. A PIN given directly ({@link Builder#pin(char[])}) is copied and never shown either.
 * Immutable and thread-safe.
 */
public final class Pkcs11Settings {
    private final Path library;
    private final Long slot;
    private final Integer slotIndex;
    private final char[] pin;
    private final Path pinFile;
    private final String pinVariable;
    private final String keyAlias;
    private final String keyId;

    private Pkcs11Settings(Builder b) {
        this.library = b.library;
        this.slot = b.slot;
        this.slotIndex = b.slotIndex;
        this.pin = b.pin == null ? null : b.pin.clone();
        this.pinFile = b.pinFile;
        this.pinVariable = b.pinVariable;
        this.keyAlias = b.keyAlias;
        this.keyId = b.keyId;
    }

    /** {@return a new builder} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The PKCS#11 library (the {@code .so} or {@code .dll} the device vendor ships).
     *
     * @return the PKCS#11 module
     */
    public Path library() {
        return library;
    }

    /**
     * The slot id, when the slot is chosen by id.
     *
     * @return the slot id, if chosen by id
     */
    public OptionalLong slot() {
        return slot == null ? OptionalLong.empty() : OptionalLong.of(slot);
    }

    /**
     * The slot's position among the slots holding a token, when the slot is not chosen by id.
     *
     * @return the slot's position, if chosen by position
     */
    public OptionalInt slotIndex() {
        return slot != null ? OptionalInt.empty() : OptionalInt.of(slotIndex == null ? 0 : slotIndex);
    }

    /**
     * The file the PIN is read from, if that is where it comes from.
     *
     * @return the PIN file, if set
     */
    public Optional<Path> pinFile() {
        return Optional.ofNullable(pinFile);
    }

    /**
     * The environment variable the PIN is read from, if that is where it comes from.
     *
     * @return the PIN's environment variable, if set
     */
    public Optional<String> pinEnvironmentVariable() {
        return Optional.ofNullable(pinVariable);
    }

    /**
     * The key's label in the token ({@code CKA_LABEL}); empty for the token's only key.
     *
     * @return the key's label, if set
     */
    public Optional<String> keyAlias() {
        return Optional.ofNullable(keyAlias);
    }

    /**
     * The id the provider registered the key under; empty to use the key's label.
     *
     * @return the key id, if set
     */
    public Optional<String> keyId() {
        return Optional.ofNullable(keyId);
    }

    /** A fresh copy of the PIN, read now from its source; the caller clears it after use. */
    char[] readPin() {
        if (pin != null) {
            return pin.clone();
        }
        if (pinFile != null) {
            if (!Files.isRegularFile(pinFile) || !Files.isReadable(pinFile)) {
                throw new InvalidInputException("credentials.pkcs11.pinFile",
                        "the file " + pinFile + " does not exist or cannot be read");
            }
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(pinFile);
            } catch (IOException e) {
                throw new InvalidInputException("credentials.pkcs11.pinFile", "cannot read the file " + pinFile, e);
            }
            try {
                CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes));
                int end = chars.limit();
                // Secret files usually end in a line break that is not part of the PIN.
                while (end > 0 && (chars.get(end - 1) == '\n' || chars.get(end - 1) == '\r')) {
                    end--;
                }
                char[] out = new char[end];
                chars.get(out, 0, end);
                Arrays.fill(chars.array(), '\0');
                if (out.length == 0) {
                    throw new InvalidInputException("credentials.pkcs11.pinFile", "the file " + pinFile + " is empty");
                }
                return out;
            } catch (CharacterCodingException e) {
                throw new InvalidInputException("credentials.pkcs11.pinFile", "the file " + pinFile + " is not UTF-8 text");
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
        }
        String value = System.getenv(pinVariable);
        if (value == null || value.isEmpty()) {
            throw new InvalidInputException("credentials.pkcs11.pinEnvironmentVariable",
                    "the variable " + pinVariable + " is not set or empty");
        }
        return value.toCharArray();
    }

    /** The SunPKCS11 configuration, given inline ({@code --} prefix) so that no file is written. */
    String sunPkcs11Configuration() {
        // Quoted so that a path with spaces (C:\Program Files\...) stays one token.
        String lib = library.toAbsolutePath().toString().replace("\\", "\\\\").replace("\"", "\\\"");
        return "--name=Ketnoi\nlibrary=\"" + lib + "\"\n"
                + (slot != null ? "slot=" + slot : "slotListIndex=" + (slotIndex == null ? 0 : slotIndex)) + "\n";
    }

    @Override
    public String toString() {
        return "Pkcs11Settings[library=" + library + ", " + (slot != null ? "slot=" + slot : "slotIndex="
                + (slotIndex == null ? 0 : slotIndex)) + ", pin=*** ("
                + (pinFile != null ? "file " + pinFile : pinVariable != null ? "environment variable " + pinVariable : "given")
                + "), keyAlias=" + (keyAlias == null ? "the only key" : keyAlias) + (keyId == null ? "" : ", keyId=" + keyId) + "]";
    }

    /** Builder of {@link Pkcs11Settings}; not thread-safe. */
    public static final class Builder {
        private Path library;
        private Long slot;
        private Integer slotIndex;
        private char[] pin;
        private Path pinFile;
        private String pinVariable;
        private String keyAlias;
        private String keyId;

        private Builder() {
        }

        /**
         * The PKCS#11 library: on Linux a {@code .so} such as {@code /usr/lib/softhsm/libsofthsm2.so}
         * or the one the token's vendor installs; required.
         *
         * @param library the PKCS#11 module, such as {@code libsofthsm2.so}
         * @return this builder
         */
        public Builder library(Path library) {
            this.library = library;
            return this;
        }

        /**
         * The slot by its id, as {@code pkcs11-tool --list-slots} shows it; not with {@link #slotIndex}.
         *
         * @param slot the slot id
         * @return this builder
         */
        public Builder slot(long slot) {
            this.slot = slot;
            return this;
        }

        /**
         * The slot by its position among the slots that hold a token, from 0; the default is 0,
         * the first token. Not with {@link #slot}.
         *
         * @param index the slot's position in the module's list
         * @return this builder
         */
        public Builder slotIndex(int index) {
            this.slotIndex = index;
            return this;
        }

        /**
         * The user PIN itself (copied); prefer {@link #pinFile} or {@link #pinEnvironmentVariable}.
         *
         * @param pin the user PIN; copied
         * @return this builder
         */
        public Builder pin(char[] pin) {
            this.pin = pin == null ? null : pin.clone();
            return this;
        }

        /**
         * A file holding the user PIN (a trailing line break is ignored), read when the credentials are made.
         *
         * @param file a file holding the PIN
         * @return this builder
         */
        public Builder pinFile(Path file) {
            this.pinFile = file;
            return this;
        }

        /**
         * An environment variable holding the user PIN, read when the credentials are made.
         *
         * @param name the variable holding the PIN
         * @return this builder
         */
        public Builder pinEnvironmentVariable(String name) {
            this.pinVariable = name;
            return this;
        }

        /**
         * The key's label in the token; leave unset when the token holds one key.
         *
         * @param alias the key's label on the token
         * @return this builder
         */
        public Builder keyAlias(String alias) {
            this.keyAlias = alias;
            return this;
        }

        /**
         * The id the provider registered the key under; by default the key's label.
         *
         * @param keyId the id the provider registered the key under
         * @return this builder
         */
        public Builder keyId(String keyId) {
            this.keyId = keyId;
            return this;
        }

        /**
         * Checks and builds.
         *
         * @return the settings
         * @throws InvalidInputException naming the setting at fault
         */
        public Pkcs11Settings build() {
            if (library == null) {
                throw new InvalidInputException("credentials.pkcs11.library", "is required");
            }
            if (!Files.isRegularFile(library) || !Files.isReadable(library)) {
                throw new InvalidInputException("credentials.pkcs11.library",
                        "the file " + library + " does not exist or cannot be read");
            }
            if (slot != null && slotIndex != null) {
                throw new InvalidInputException("credentials.pkcs11.slot", "set either the slot or the slot index, not both");
            }
            if (slot != null && slot < 0) {
                throw new InvalidInputException("credentials.pkcs11.slot", "must not be negative");
            }
            if (slotIndex != null && slotIndex < 0) {
                throw new InvalidInputException("credentials.pkcs11.slotIndex", "must not be negative");
            }
            int sources = (pin != null ? 1 : 0) + (pinFile != null ? 1 : 0) + (pinVariable != null ? 1 : 0);
            if (sources == 0) {
                throw new InvalidInputException("credentials.pkcs11.pin",
                        "is required: give a PIN file or an environment variable");
            }
            if (sources > 1) {
                throw new InvalidInputException("credentials.pkcs11.pin",
                        "give the PIN one way only: a file, an environment variable or the PIN itself");
            }
            if (pin != null && pin.length == 0) {
                throw new InvalidInputException("credentials.pkcs11.pin", "must not be empty");
            }
            if (pinVariable != null && pinVariable.isBlank()) {
                throw new InvalidInputException("credentials.pkcs11.pinEnvironmentVariable", "must not be blank");
            }
            if (keyAlias != null && keyAlias.isBlank()) {
                throw new InvalidInputException("credentials.pkcs11.keyAlias", "must not be blank");
            }
            if (keyId != null && keyId.isBlank()) {
                throw new InvalidInputException("credentials.pkcs11.keyId", "must not be blank");
            }
            return new Pkcs11Settings(this);
        }
    }
}
