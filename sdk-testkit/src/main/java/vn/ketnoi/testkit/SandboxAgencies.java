package vn.ketnoi.testkit;

import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import vn.ketnoi.testkit.internal.Keys;

/**
 * The agencies a sandbox knows, made when it is built: the default and the limited agency, then
 * those the builder added, each with a new key pair, or with only the public key of a key held
 * elsewhere (a PKCS#11 token, an HSM).
 */
final class SandboxAgencies {
    /** An agency the builder added; {@code publicKey} is null unless the private key is held elsewhere. */
    record Spec(String id, String algorithm, Set<String> scopes, Set<String> fields, PublicKey publicKey) {
    }

    private SandboxAgencies() {
    }

    /** {@return every agency by id, the default first, then the limited one, then {@code extra} in order} */
    static Map<String, SandboxAgency> create(List<Spec> extra, Clock clock) {
        Map<String, SandboxAgency> map = new LinkedHashMap<>();
        map.put(KetnoiSandbox.DEFAULT_AGENCY_ID, newAgency(KetnoiSandbox.DEFAULT_AGENCY_ID, SandboxAgency.ES256,
                SandboxAgency.ALL_SCOPES, SandboxAgency.ALL_FIELDS, clock));
        map.put(KetnoiSandbox.LIMITED_AGENCY_ID, newAgency(KetnoiSandbox.LIMITED_AGENCY_ID, SandboxAgency.ES256,
                Set.of("population"), new LinkedHashSet<>(List.of("fullName", "birthDate", "sex", "permanentResidence")),
                clock));
        for (Spec s : extra) {
            map.put(s.id(), s.publicKey() != null ? heldElsewhere(s, clock)
                    : newAgency(s.id(), s.algorithm(), s.scopes(), s.fields(), clock));
        }
        return Collections.unmodifiableMap(map);
    }

    private static SandboxAgency newAgency(String id, String algorithm, Set<String> scopes, Set<String> fields,
                                           Clock clock) {
        KeyPair pair = SandboxAgency.PS256.equals(algorithm) ? Keys.newRsa2048() : Keys.newEcP256();
        return new SandboxAgency(id, algorithm, pair, Keys.thumbprint(pair.getPublic()),
                inProtocolOrder(SandboxAgency.ALL_SCOPES, scopes), inProtocolOrder(SandboxAgency.ALL_FIELDS, fields),
                clock);
    }

    private static SandboxAgency heldElsewhere(Spec s, Clock clock) {
        return new SandboxAgency(s.id(), s.algorithm(), new KeyPair(s.publicKey(), null), Keys.thumbprint(s.publicKey()),
                inProtocolOrder(SandboxAgency.ALL_SCOPES, s.scopes()), inProtocolOrder(SandboxAgency.ALL_FIELDS, s.fields()),
                clock);
    }

    /** The caller's set may be a Set.of, whose order changes between JVMs; the protocol's order does not. */
    private static Set<String> inProtocolOrder(Set<String> all, Set<String> chosen) {
        Set<String> out = new LinkedHashSet<>();
        for (String s : all) {
            if (chosen.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }
}
