package vn.ketnoi.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No simple name is used by two public packages of the SDK (issue 14): an application that uses
 * two clients imports both packages, and a name in both would force it to qualify one of them
 * (population and e-documents each had a {@code Verdict}, a {@code VerificationResult}, a
 * {@code BatchResult} and a {@code BatchItemResult}; core and e-documents each an
 * {@code ExternalSigner}). Internal packages are outside the rule: applications never import them.
 */
class PublicNamesTest {
    /** The published modules' packages, each of which must be on this module's class path. */
    private static final Set<String> MODULES = Set.of("vn.ketnoi.core", "vn.ketnoi.population",
            "vn.ketnoi.vneid.auth", "vn.ketnoi.vneid.edocuments", "vn.ketnoi.testkit", "vn.ketnoi.spring.boot",
            "vn.ketnoi.micrometer", "vn.ketnoi.opentelemetry");

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("vn.ketnoi");
    }

    @Test
    void noSimpleNameIsPublicInTwoPackages() {
        Map<String, Set<String>> packagesByName = new TreeMap<>();
        for (JavaClass c : classes) {
            if (isPublicApi(c)) {
                packagesByName.computeIfAbsent(c.getSimpleName(), n -> new TreeSet<>()).add(c.getPackageName());
            }
        }
        Map<String, Set<String>> duplicates = packagesByName.entrySet().stream()
                .filter(e -> e.getValue().size() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
        assertEquals(Map.of(), duplicates, "give each of these a name that says what it is, in one package");
    }

    @Test
    void theScanSeesEveryPublishedModule() {
        // A scan of no classes would find no duplicate: every module must be on the class path.
        for (String module : MODULES) {
            assertTrue(classes.stream().anyMatch(c -> isPublicApi(c) && c.getPackageName().startsWith(module)),
                    "no public class of " + module);
        }
    }

    private static boolean isPublicApi(JavaClass c) {
        String pkg = c.getPackageName();
        return c.getModifiers().contains(JavaModifier.PUBLIC) && c.isTopLevelClass()
                && !c.getSimpleName().equals("package-info")
                && !pkg.contains(".internal") && !pkg.startsWith("vn.ketnoi.security")
                && !pkg.startsWith("vn.ketnoi.testsupport");
    }
}
