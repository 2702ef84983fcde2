package vn.ketnoi.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No library type in a signature an application or a service module sees (issue 14): the public
 * API ({@code vn.ketnoi.*} outside {@code *.internal.*}) and the service-provider tier
 * {@code vn.ketnoi.core.spi} never name a Nimbus, Apache HttpClient/HttpCore, Jackson or
 * Resilience4j type in a public or protected method, constructor or field, nor extend or implement
 * one; nor a type of Ketnoi's own {@code *.internal.*} packages, which promise nothing. The libraries stay replaceable and their versions the SDK's own business; the japicmp API
 * check (root pom, {@code api-check}) compares only Ketnoi's types and would not see such a leak.
 */
class ApiSignatureTest {
    private static final List<String> LIBRARIES = List.of(
            "com.nimbusds.", "org.apache.hc.", "com.fasterxml.jackson.", "io.github.resilience4j.");

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("vn.ketnoi");
    }

    @Test
    void noPublicOrSpiSignatureNamesALibraryType() {
        Set<String> leaks = new TreeSet<>();
        for (JavaClass c : classes) {
            if (isApi(c)) {
                leaks.addAll(leaksOf(c));
            }
        }
        assertEquals(Set.of(), leaks);
    }

    @Test
    void theCheckSeesTheApiAndFindsALeak() {
        // A check over no classes, or one blind to a leak, would pass whatever the API says.
        assertTrue(classes.contain("vn.ketnoi.core.spi.ClientAssertions"));
        assertTrue(classes.contain("vn.ketnoi.vneid.auth.VneidAuthClient"));
        JavaClasses fixture = new ClassFileImporter().importClasses(Leaky.class);
        Set<String> found = leaksOf(fixture.get(Leaky.class));
        assertEquals(Set.of(
                "vn.ketnoi.security.ApiSignatureTest$Leaky.<init>(vn.ketnoi.core.internal.crypto.JwksCache) takes"
                        + " vn.ketnoi.core.internal.crypto.JwksCache",
                "vn.ketnoi.security.ApiSignatureTest$Leaky.claims() returns com.nimbusds.jwt.JWTClaimsSet",
                "vn.ketnoi.security.ApiSignatureTest$Leaky.parse(java.util.List) takes com.fasterxml.jackson.databind.JsonNode",
                "vn.ketnoi.security.ApiSignatureTest$Leaky.SET has type com.nimbusds.jwt.JWTClaimsSet"), found);
    }

    private static boolean isApi(JavaClass c) {
        String pkg = c.getPackageName();
        return pkg.startsWith("vn.ketnoi.") && !pkg.contains(".internal") && visible(c);
    }

    /** Public, and (for a nested class) inside public classes all the way out. */
    private static boolean visible(JavaClass c) {
        for (JavaClass k = c; k != null; k = k.getEnclosingClass().orElse(null)) {
            if (!k.getModifiers().contains(JavaModifier.PUBLIC)) {
                return false;
            }
        }
        return true;
    }

    private static boolean exposed(Set<JavaModifier> modifiers) {
        return modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
    }

    static Set<String> leaksOf(JavaClass c) {
        Set<String> leaks = new TreeSet<>();
        c.getRawSuperclass().ifPresent(s -> check(leaks, c.getName() + " extends", s.getName()));
        c.getRawInterfaces().forEach(i -> check(leaks, c.getName() + " implements", i.getName()));
        for (JavaCodeUnit m : c.getCodeUnits()) {
            if (!exposed(m.getModifiers()) || m.getModifiers().contains(JavaModifier.SYNTHETIC)) {
                continue;
            }
            String where = c.getName() + "." + (m.isConstructor() ? "<init>" : m.getName()) + "("
                    + String.join(", ", m.getRawParameterTypes().stream().map(JavaClass::getName).toList()) + ")";
            for (JavaType p : m.getParameterTypes()) {
                p.getAllInvolvedRawTypes().forEach(t -> check(leaks, where + " takes", t.getName()));
            }
            m.getReturnType().getAllInvolvedRawTypes().forEach(t -> check(leaks, where + " returns", t.getName()));
            m.getThrowsClause().getTypes().forEach(t -> check(leaks, where + " throws", t.getName()));
        }
        for (JavaField f : c.getFields()) {
            if (exposed(f.getModifiers())) {
                f.getType().getAllInvolvedRawTypes()
                        .forEach(t -> check(leaks, c.getName() + "." + f.getName() + " has type", t.getName()));
            }
        }
        return leaks;
    }

    private static void check(Set<String> leaks, String where, String type) {
        String name = type.replaceAll("\\[]", "");
        if (name.startsWith("vn.ketnoi.") && name.contains(".internal.")) {
            leaks.add(where + " " + name); // an internal type is no contract, whoever may call it
        }
        for (String library : LIBRARIES) {
            if (name.startsWith(library)) {
                leaks.add(where + " " + name);
            }
        }
    }

    /**
     * What the check must report: a library type returned, taken inside a generic type, and held in
     * a field; an internal type taken by a constructor.
     */
    @SuppressWarnings("unused")
    public static final class Leaky {
        public static final JWTClaimsSet SET = null;

        public JWTClaimsSet claims() {
            return null;
        }

        public void parse(List<com.fasterxml.jackson.databind.JsonNode> nodes) {
        }

        public Leaky(vn.ketnoi.core.internal.crypto.JwksCache keys) {
        }

        private JWTClaimsSet hidden() {
            return null;
        }
    }
}
