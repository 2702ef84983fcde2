package vn.ketnoi.civilstatus;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.exception.ResponseVerificationException;
import vn.ketnoi.core.identity.PartialDate;
import vn.ketnoi.core.identity.PersonalIdNumber;
import vn.ketnoi.core.identity.Sex;
import vn.ketnoi.exchange.JsonValue;

/** Reads the wire form of registrations (docs/civil-status.md) into the typed records. */
final class Wire {
    private Wire() {
    }

    /** A verified answer that does not follow the wire form. */
    static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Malformed(String why) {
            super(why, null, false, false);
        }
    }

    /** One registration; null for a kind this version does not know (a later version may add some). */
    static CivilRegistration registration(JsonValue r) {
        RegisterEntry entry = entry(r);
        switch (r.get("kind").asText()) {
            case "BIRTH":
                return new BirthRegistration(entry, person(r.get("child"), true), optionalPerson(r.get("mother")),
                        optionalPerson(r.get("father")), optionalText(r.at("/placeOfBirth/text")));
            case "MARRIAGE":
                List<RegisteredPerson> spouses = new ArrayList<>();
                for (JsonValue p : r.get("spouses").elements()) {
                    spouses.add(person(p, false));
                }
                if (spouses.size() != 2) {
                    throw new Malformed("a marriage lists " + spouses.size() + " spouses");
                }
                return new MarriageRegistration(entry, spouses);
            case "DEATH":
                return new DeathRegistration(entry, person(r.get("deceased"), true),
                        partial(r.get("deathDate"), "deathDate"), optionalText(r.get("placeOfDeath")));
            default:
                return null;
        }
    }

    static List<CivilRegistration> registrations(JsonValue body) {
        JsonValue list = body.get("registrations");
        if (list.kind() != JsonValue.Kind.ARRAY) {
            throw new Malformed("registrations is missing");
        }
        List<CivilRegistration> out = new ArrayList<>();
        for (JsonValue r : list.elements()) {
            CivilRegistration c = registration(r);
            if (c != null) {
                out.add(c);
            }
        }
        return out;
    }

    private static RegisterEntry entry(JsonValue r) {
        String id = required(r, "registrationId");
        LocalDate date;
        try {
            date = LocalDate.parse(required(r, "registrationDate"));
        } catch (DateTimeParseException e) {
            throw new Malformed("registrationDate is not a date");
        }
        return new RegisterEntry(id, required(r, "entryNumber"), required(r, "bookNumber"),
                new RegisteringAuthority(required(r.get("authority"), "code"), required(r.get("authority"), "name")),
                date);
    }

    private static RegisteredPerson optionalPerson(JsonValue p) {
        return p.isPresent() ? person(p, false) : null;
    }

    private static RegisteredPerson person(JsonValue p, boolean idRequired) {
        String id = p.get("idNumber").asText();
        PersonalIdNumber number = null;
        if (!id.isEmpty() || idRequired) {
            try {
                number = PersonalIdNumber.parse(id);
            } catch (InvalidInputException e) {
                throw new Malformed("a person's idNumber is not a personal ID number");
            }
        }
        String birth = p.get("birthDate").asText();
        Sex sex = null;
        String s = p.get("sex").asText();
        if (s.equals("MALE") || s.equals("FEMALE")) {
            sex = Sex.valueOf(s);
        }
        return new RegisteredPerson(number, required(p, "fullName"),
                birth.isEmpty() ? null : partial(p.get("birthDate"), "birthDate"), sex);
    }

    private static PartialDate partial(JsonValue v, String name) {
        try {
            return PartialDate.parseIso(v.asText());
        } catch (RuntimeException e) {
            throw new Malformed(name + " is not a (partial) date");
        }
    }

    private static String required(JsonValue o, String name) {
        String v = o.get(name).asText();
        if (v.isEmpty()) {
            throw new Malformed(name + " is missing");
        }
        return v;
    }

    private static String optionalText(JsonValue v) {
        String t = v.asText();
        return t.isEmpty() ? null : t;
    }

    static ResponseVerificationException malformed(String requestId, int status, Malformed m) {
        return new ResponseVerificationException("The civil-status answer does not follow the protocol: "
                + m.getMessage(), status, "response.malformed", requestId, null);
    }
}
