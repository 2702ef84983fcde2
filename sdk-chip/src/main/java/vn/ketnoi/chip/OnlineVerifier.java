package vn.ketnoi.chip;

import java.text.Normalizer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.core.exception.ResponseVerificationException;
import vn.ketnoi.core.exception.WriteOutcomeUnknownException;
import vn.ketnoi.core.internal.Untrusted;
import vn.ketnoi.exchange.ExchangeClient;
import vn.ketnoi.exchange.ExchangeRequest;
import vn.ketnoi.exchange.ExchangeResponse;
import vn.ketnoi.exchange.JsonValue;

/**
 * {@link ChipVerifier}'s online path: the dump goes to a chip-verification service (protocol
 * section 15) through {@link ExchangeClient}, so token, signatures, response verification,
 * resilience and gateways are the same as every client's. The answer is trusted only as far as it
 * agrees with itself and with what was sent: a GENUINE verdict must carry the DG13 fields the dump
 * holds, and they must be the fields this SDK reads from the DG13 it sent; anything else is
 * refused, never handed out.
 */
final class OnlineVerifier implements AutoCloseable {
    private static final int MAX_SIGNATURE_BYTES = 1024;

    private final ExchangeClient exchange;

    /** {@code exchange} carries the verifier's context as its default. */
    OnlineVerifier(ExchangeClient exchange) {
        this.exchange = exchange;
    }

    Challenge issueChallenge() {
        ExchangeResponse<JsonValue> r = send(request("/challenges", Map.of(), "chip.challenge"));
        byte[] bytes;
        Instant expires;
        try {
            bytes = Base64.getDecoder().decode(r.body().get("challenge").asText());
            expires = Instant.parse(r.body().get("expiresAt").asText());
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw refused(r, "the challenge or its expiry cannot be read");
        }
        if (bytes.length != ChallengeIssuer.CHALLENGE_BYTES) {
            throw refused(r, "the challenge is not " + ChallengeIssuer.CHALLENGE_BYTES + " bytes");
        }
        return new Challenge(bytes, expires);
    }

    ChipVerification verify(ChipDump dump, byte @Nullable [] challenge, byte @Nullable [] signature) {
        Map<String, Object> files = new LinkedHashMap<>();
        Base64.Encoder b64 = Base64.getEncoder();
        dump.com().ifPresent(b -> files.put("com", b64.encodeToString(b)));
        dump.sod().ifPresent(b -> files.put("sod", b64.encodeToString(b)));
        for (int n : dump.dataGroupNumbers()) {
            files.put("dg" + n, b64.encodeToString(dump.rawDataGroup(n)));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("dump", files);
        boolean active = challenge != null;
        if (active) {
            // Refused here rather than sent: no service issues anything else.
            if (challenge.length != ChallengeIssuer.CHALLENGE_BYTES) {
                throw new InvalidInputException("challenge", "must be the " + ChallengeIssuer.CHALLENGE_BYTES
                        + " bytes issueChallenge() gave");
            }
            if (signature.length == 0 || signature.length > MAX_SIGNATURE_BYTES) {
                throw new InvalidInputException("signature", "must be the chip's answer, 1 to "
                        + MAX_SIGNATURE_BYTES + " bytes");
            }
            body.put("activeAuthentication", Map.of("challenge", b64.encodeToString(challenge),
                    "signature", b64.encodeToString(signature)));
        }
        ExchangeResponse<JsonValue> r = send(request("/verifications", body, "chip.verify"));
        return read(r.body(), r.status(), r.requestId(), dump, active);
    }

    /** Fail closed: a verdict is believed only when the whole answer is consistent. */
    static ChipVerification read(JsonValue a, int status, String requestId, ChipDump dump, boolean active) {
        ChipVerdict verdict;
        try {
            verdict = ChipVerdict.valueOf(a.get("verdict").asText());
        } catch (IllegalArgumentException e) {
            throw refused(status, requestId, "the verdict is not one this SDK knows");
        }
        if (a.get("activelyAuthenticated").kind() != JsonValue.Kind.BOOLEAN) {
            throw refused(status, requestId, "activelyAuthenticated is not a boolean");
        }
        boolean activelyAuthenticated = a.get("activelyAuthenticated").asBoolean();
        String reason = "online: " + Untrusted.text(a.get("reason").asText(), 200);
        JsonValue fields = a.get("citizen");
        if (verdict != ChipVerdict.GENUINE) {
            if (fields.isPresent() || activelyAuthenticated) {
                throw refused(status, requestId, "a " + verdict + " verdict carries the card's fields or an active authentication");
            }
            return ChipVerification.failed(verdict, reason);
        }
        if (activelyAuthenticated != active) {
            throw refused(status, requestId, active ? "GENUINE without the active authentication asked for"
                    : "an active authentication that was not asked for");
        }
        byte[] dg13 = dump.rawDataGroup(13);
        if (dg13 != null && fields.kind() != JsonValue.Kind.OBJECT) {
            throw refused(status, requestId, "GENUINE without the DG13 fields");
        }
        if (dg13 == null && fields.isPresent()) {
            throw refused(status, requestId, "DG13 fields for a dump without DG13");
        }
        Mrz mrz;
        CitizenData citizen;
        try {
            byte[] dg1 = dump.rawDataGroup(1);
            mrz = dg1 == null ? null : Mrz.parseDg1(dg1);
            citizen = dg13 == null ? null : CitizenData.parseDg13(dg13);
        } catch (ChipFormatException e) {
            throw refused(status, requestId, "GENUINE for a dump whose " + e.field() + " cannot be read");
        }
        if (citizen != null && (!citizen.idNumber().equals(fields.get("idNumber").asText())
                || !citizen.fullName().equals(Normalizer.normalize(fields.get("fullName").asText(), Normalizer.Form.NFC)))) {
            throw refused(status, requestId, "the DG13 fields differ from the DG13 sent");
        }
        return new ChipVerification(ChipVerdict.GENUINE, reason, active, mrz, citizen);
    }

    /**
     * Every POST of the exchange client is a write with an idempotency key, so a failed one ends
     * in WriteOutcomeUnknownException. A verification changes nothing the caller must settle (at
     * most it spends a challenge, and the provider answers a repeat of the key with the first
     * outcome): the failure itself is the caller's answer.
     */
    private ExchangeResponse<JsonValue> send(ExchangeRequest request) {
        try {
            return exchange.call(request);
        } catch (WriteOutcomeUnknownException e) {
            throw e.getCause() instanceof KetnoiException k ? k : e;
        }
    }

    private ExchangeRequest request(String path, Map<String, Object> body, String operation) {
        return ExchangeRequest.post(ChipVerifier.ONLINE_SERVICE, path, body).operation(operation).build();
    }

    private static ResponseVerificationException refused(ExchangeResponse<JsonValue> r, String why) {
        return refused(r.status(), r.requestId(), why);
    }

    private static ResponseVerificationException refused(int status, String requestId, String why) {
        return new ResponseVerificationException("The chip-verification answer contradicts itself or the dump sent: "
                + why, status, "response.malformed", requestId, null);
    }

    @Override
    public void close() {
        exchange.close();
    }
}
