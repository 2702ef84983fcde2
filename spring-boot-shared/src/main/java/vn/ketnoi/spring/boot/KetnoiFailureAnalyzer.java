package vn.ketnoi.spring.boot;

import java.util.Map;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import vn.ketnoi.core.config.ConfigurationException;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.exception.KetnoiException;

/**
 * Turns a Ketnoi refusal at start-up into the short report Spring Boot prints instead of a stack
 * trace: the property (or the builder field) at fault, what is wrong with it, and what to change.
 * Without it the refusal is the last of several {@code UnsatisfiedDependencyException} layers,
 * each repeating the one below. Registered in {@code META-INF/spring.factories}. The messages it
 * quotes are the SDK's own, which never repeat a secret or personal data.
 */
public class KetnoiFailureAnalyzer extends AbstractFailureAnalyzer<KetnoiException> {

    /** Fields the clients' builders refuse at start-up whose fix is a property or a bean. */
    private static final Map<String, String> FIELD_FIXES = Map.of(
            "signingKey.certificate", "Give the e-documents client a document-signing key: set"
                    + " ketnoi.edocuments.signing-key.pkcs12.path (or .pem.*, .pkcs11.*), or define a"
                    + " DocumentSigningKey bean. The agency's API key is not a document-signing key.",
            "credentials.keyId", "Set ketnoi.credentials.key-id to the key id the provider registered, or leave it"
                    + " out to use the certificate's RFC 7638 thumbprint.");

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, KetnoiException cause) {
        if (cause instanceof ConfigurationException c) {
            return new FailureAnalysis(
                    "Ketnoi refused the setting '" + c.property() + "': " + c.problem(),
                    "Correct '" + c.property() + "' in application.yml or application.properties (or its"
                            + " KETNOI_* environment variable). docs/configuration-reference.md lists every ketnoi.* key with"
                            + " its format; an unknown key is refused rather than ignored, so check its spelling.",
                    cause);
        }
        if (cause instanceof InvalidInputException i) {
            String fix = FIELD_FIXES.getOrDefault(i.field(), "Check the ketnoi.* properties, KetnoiClientConfigCustomizer"
                    + " beans and the application's own Ketnoi beans that set '" + i.field() + "'.");
            return new FailureAnalysis("A Ketnoi client could not be built: '" + i.field() + "' " + i.problem(),
                    fix, cause);
        }
        return new FailureAnalysis("A Ketnoi client could not be built: " + cause.getMessage(),
                "See docs/errors.md for the code " + cause.errorCode() + " and what to do about it.", cause);
    }
}
