package vn.ketnoi.population.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.identity.Address;
import vn.ketnoi.core.identity.OldIdNumber;
import vn.ketnoi.core.internal.json.Json;
import vn.ketnoi.core.identity.PartialDate;
import vn.ketnoi.core.identity.PersonalIdNumber;
import vn.ketnoi.core.identity.Sex;
import vn.ketnoi.population.Citizen;
import vn.ketnoi.population.HouseholdMembership;
import vn.ketnoi.population.IdCard;
import vn.ketnoi.population.Relative;

/**
 * Binds the wire form of a citizen ({@code docs/protocol.md} section 8.2) to {@link Citizen}.
 * Every value is parsed into its type; a value that does not parse makes the whole record
 * malformed rather than silently dropping a field.
 */
public final class CitizenMapper {
    private CitizenMapper() {
    }

    /** Thrown for a record that does not follow the protocol; the caller reports {@code response.malformed}. */
    public static final class MalformedRecordException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedRecordException(String field) {
            super("field " + field + " is malformed");
        }
    }

    /** A record of the Ketnoi protocol: only answers whose provider signature ApiClient verified come here. */
    public static Citizen toCitizen(JsonNode c, Instant retrievedAt) throws MalformedRecordException {
        return toCitizen(c, retrievedAt, vn.ketnoi.core.Integrity.END_TO_END_SIGNED);
    }

    /**
     * A record in the protocol's JSON form (section 8.3), read by a wire profile after renaming
     * its own names to the protocol's, with the integrity that profile gives its answers.
     */
    public static Citizen toCitizen(JsonNode c, Instant retrievedAt, vn.ketnoi.core.Integrity integrity)
            throws MalformedRecordException {
        if (c == null || !c.isObject()) {
            throw new MalformedRecordException("citizen");
        }
        Citizen.Builder b = Citizen.builder(parse(c, "idNumber", PersonalIdNumber::parse)
                .orElseThrow(() -> new MalformedRecordException("idNumber")));
        b.retrievedAt(retrievedAt);
        b.integrity(integrity);
        b.fullName(text(c, "fullName").orElse(null));
        if (c.has("otherNames")) {
            List<String> names = new ArrayList<>();
            for (JsonNode n : c.get("otherNames")) {
                if (!n.isTextual()) {
                    throw new MalformedRecordException("otherNames");
                }
                names.add(n.asText());
            }
            b.otherNames(names);
        }
        b.birthDate(parse(c, "birthDate", PartialDate::parseIso).orElse(null));
        b.sex(text(c, "sex").map(CitizenMapper::sex).orElse(null));
        b.placeOfBirth(address(c, "placeOfBirth"));
        b.birthRegistrationPlace(address(c, "birthRegistrationPlace"));
        b.placeOfOrigin(address(c, "placeOfOrigin"));
        b.ethnicity(text(c, "ethnicity").orElse(null));
        b.religion(text(c, "religion").orElse(null));
        b.nationality(text(c, "nationality").orElse(null));
        b.bloodGroup(text(c, "bloodGroup").orElse(null));
        b.oldIdNumber(parse(c, "oldIdNumber", OldIdNumber::parse).orElse(null));
        if (c.hasNonNull("idCard")) {
            JsonNode card = c.get("idCard");
            b.idCard(new IdCard(text(card, "number").orElseThrow(() -> new MalformedRecordException("idCard.number")),
                    parse(card, "issueDate", LocalDate::parse).orElseThrow(() -> new MalformedRecordException("idCard.issueDate")),
                    parse(card, "expiryDate", LocalDate::parse)));
        }
        b.father(relative(c, "father"));
        b.mother(relative(c, "mother"));
        b.spouse(relative(c, "spouse"));
        b.legalRepresentative(relative(c, "legalRepresentative"));
        b.permanentResidence(address(c, "permanentResidence"));
        b.temporaryResidence(address(c, "temporaryResidence"));
        b.currentResidence(address(c, "currentResidence"));
        if (c.hasNonNull("household")) {
            JsonNode h = c.get("household");
            b.household(new HouseholdMembership(
                    text(h, "householdId").orElseThrow(() -> new MalformedRecordException("household.householdId")),
                    parse(h, "headIdNumber", PersonalIdNumber::parse)
                            .orElseThrow(() -> new MalformedRecordException("household.headIdNumber")),
                    text(h, "relationshipToHead").orElse("")));
        }
        b.deathDate(parse(c, "deathDate", PartialDate::parseIso).orElse(null));
        b.phone(text(c, "phone").orElse(null));
        b.email(text(c, "email").orElse(null));
        for (vn.ketnoi.population.SourceField f : vn.ketnoi.population.SourceField.values()) {
            if (c.hasNonNull(f.wireName())) {
                JsonNode n = c.get(f.wireName());
                String what = f.wireName();
                b.integrated(new vn.ketnoi.population.IntegratedField(f,
                        text(n, "value").orElseThrow(() -> new MalformedRecordException(what + ".value")),
                        text(n, "source").orElseThrow(() -> new MalformedRecordException(what + ".source")),
                        parse(n, "asOf", Instant::parse).orElseThrow(() -> new MalformedRecordException(what + ".asOf"))));
            }
        }
        return b.build();
    }

    /**
     * The sex a wire value names. A value this version does not know (the provider may add values,
     * protocol section 7) is {@link Sex#UNKNOWN}, never absent: absent means "not recorded".
     */
    public static Sex sex(String wire) {
        for (Sex s : Sex.values()) {
            if (s != Sex.UNKNOWN && s.name().equals(wire)) {
                return s;
            }
        }
        return Sex.UNKNOWN;
    }

    private static Relative relative(JsonNode c, String field) throws MalformedRecordException {
        if (!c.hasNonNull(field)) {
            return null;
        }
        JsonNode r = c.get(field);
        return new Relative(text(r, "fullName").orElseThrow(() -> new MalformedRecordException(field + ".fullName")),
                parse(r, "idNumber", PersonalIdNumber::parse), text(r, "nationality"));
    }

    /**
     * The verdicts of a verify answer in the protocol's form (section 8.5): {@code idNumber} and
     * {@code verdicts}; a claim or verdict this SDK does not know is skipped or {@code UNKNOWN}.
     *
     * @throws RuntimeException when the answer is not in that form; the caller reports {@code response.malformed}
     */
    public static vn.ketnoi.population.IdentityVerification toVerification(JsonNode json,
                                                                        vn.ketnoi.core.Integrity integrity) {
        java.util.Map<vn.ketnoi.population.CitizenField, vn.ketnoi.population.FieldVerdict> verdicts =
                new java.util.EnumMap<>(vn.ketnoi.population.CitizenField.class);
        for (java.util.Map.Entry<String, JsonNode> v : json.path("verdicts").properties()) {
            vn.ketnoi.population.CitizenField.fromWireName(v.getKey()).ifPresent(f -> verdicts.put(f, verdict(v.getValue().asText())));
        }
        return vn.ketnoi.population.IdentityVerification.of(PersonalIdNumber.parse(json.get("idNumber").asText()),
                verdicts, integrity);
    }

    private static vn.ketnoi.population.FieldVerdict verdict(String s) {
        for (vn.ketnoi.population.FieldVerdict v : vn.ketnoi.population.FieldVerdict.values()) {
            if (v.name().equals(s)) {
                return v;
            }
        }
        return vn.ketnoi.population.FieldVerdict.UNKNOWN;
    }

    /**
     * A household answer in the protocol's form (section 8.6): {@code household} and
     * {@code retrievedAt}.
     *
     * @throws RuntimeException when the answer is not in that form; the caller reports {@code response.malformed}
     */
    public static vn.ketnoi.population.Household toHousehold(JsonNode json, vn.ketnoi.core.Integrity integrity) {
        JsonNode h = json.get("household");
        java.util.List<vn.ketnoi.population.HouseholdMember> members = new java.util.ArrayList<>();
        for (JsonNode m : h.path("members")) {
            members.add(new vn.ketnoi.population.HouseholdMember(PersonalIdNumber.parse(m.get("idNumber").asText()),
                    m.path("relationshipToHead").asText(""), opt(m, "fullName"),
                    opt(m, "birthDate").map(PartialDate::parseIso), opt(m, "sex").map(CitizenMapper::sex),
                    opt(m, "deathDate").map(PartialDate::parseIso)));
        }
        Address residence = h.hasNonNull("residence") ? Address.parse(h.get("residence").get("text").asText()) : null;
        Instant at = json.hasNonNull("retrievedAt") ? Json.instant(json.get("retrievedAt").asText()) : null;
        return vn.ketnoi.population.Household.of(h.get("householdId").asText(),
                PersonalIdNumber.parse(h.get("headIdNumber").asText()), members, residence, at, integrity);
    }

    private static Optional<String> opt(JsonNode n, String field) {
        return n.hasNonNull(field) ? Optional.of(n.get(field).asText()) : Optional.empty();
    }

    private static Address address(JsonNode c, String field) throws MalformedRecordException {
        if (!c.hasNonNull(field)) {
            return null;
        }
        JsonNode a = c.get(field);
        String text = text(a, "text").orElseThrow(() -> new MalformedRecordException(field + ".text"));
        try {
            return Address.parse(text);
        } catch (InvalidInputException e) {
            throw new MalformedRecordException(field);
        }
    }

    private static Optional<String> text(JsonNode c, String field) throws MalformedRecordException {
        JsonNode n = c.get(field);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isTextual()) {
            throw new MalformedRecordException(field);
        }
        return Optional.of(n.asText());
    }

    private static <T> Optional<T> parse(JsonNode c, String field, Function<String, T> parser)
            throws MalformedRecordException {
        Optional<String> s = text(c, field);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parser.apply(s.get()));
        } catch (InvalidInputException | IllegalArgumentException | DateTimeParseException e) {
            throw new MalformedRecordException(field);
        }
    }
}
