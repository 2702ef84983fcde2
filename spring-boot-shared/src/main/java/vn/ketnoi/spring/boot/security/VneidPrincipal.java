package vn.ketnoi.spring.boot.security;

import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.AuthenticatedPrincipal;

import vn.ketnoi.core.identity.PersonalIdNumber;
import vn.ketnoi.vneid.auth.AssuranceLevel;
import vn.ketnoi.vneid.auth.VneidIdentity;

/**
 * The citizen signed in with VNeID: the typed identity VNeID released and the assurance level of
 * this sign-in. {@link #getName()} is the provider's pseudonymous subject, never the ID number,
 * so that it can appear in logs and audit trails. {@link #toString()} is masked.
 *
 * <p>Serializable, for sessions kept outside the JVM: the identity's fields are kept as text.
 */
public final class VneidPrincipal implements AuthenticatedPrincipal, Serializable {
    private static final long serialVersionUID = 1L;

    /** @serial the pairwise subject VNeID signs the citizen in under */
    private final String subject;
    /** @serial the assurance level of the sign-in */
    private final AssuranceLevel level;
    /** @serial the personal ID number, when the scope granted it */
    private final @Nullable String idNumber;
    /** @serial the full name, when the scope granted it */
    private final @Nullable String fullName;
    private final transient @Nullable VneidIdentity identity;

    /**
     * @param identity the identity from the ID token (and user info)
     * @param level    the level this sign-in reached
     */
    public VneidPrincipal(VneidIdentity identity, AssuranceLevel level) {
        this.identity = Objects.requireNonNull(identity, "identity");
        this.subject = identity.subject();
        this.level = Objects.requireNonNull(level, "level");
        this.idNumber = identity.idNumber().map(PersonalIdNumber::value).orElse(null);
        this.fullName = identity.fullName().orElse(null);
    }

    /** {@return the provider's subject identifier} */
    @Override
    public String getName() {
        return subject;
    }

    /** {@return the assurance level of this sign-in} */
    public AssuranceLevel level() {
        return level;
    }

    /** {@return the personal ID number, when VNeID released it} */
    public Optional<PersonalIdNumber> idNumber() {
        return Optional.ofNullable(idNumber).map(PersonalIdNumber::parse);
    }

    /** {@return the full name, when released} */
    public Optional<String> fullName() {
        return Optional.ofNullable(fullName);
    }

    /** {@return the whole identity; empty after the principal was restored from a serialized session} */
    public Optional<VneidIdentity> identity() {
        return Optional.ofNullable(identity);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VneidPrincipal p && subject.equals(p.subject) && level == p.level;
    }

    @Override
    public int hashCode() {
        return Objects.hash(subject, level);
    }

    @Override
    public String toString() {
        return "VneidPrincipal[subject=" + subject + ", level=" + level.number()
                + ", idNumber=" + (idNumber == null ? "-" : vn.ketnoi.core.logging.Masking.idNumber(idNumber)) + "]";
    }
}
