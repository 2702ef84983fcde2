package vn.ketnoi.core.credential;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vn.ketnoi.core.config.ConfigLoader;
import vn.ketnoi.core.config.ConfigurationException;
import vn.ketnoi.core.exception.InvalidInputException;

/**
 * Issue 21: the settings that locate a key in a PKCS#11 device, checked before any device is
 * used. The device itself is exercised against SoftHSM2 in sdk-population's TokenSigningTest.
 */
class Pkcs11SettingsTest {
    private static final String PIN = "pin-4711-never-shown";

    @TempDir
    Path dir;

    private Path library() throws Exception {
        return Files.writeString(dir.resolve("libvendor-pkcs11.so"), "stand-in: not a shared object");
    }

    private static String field(Runnable r) {
        return assertThrows(InvalidInputException.class, r::run).field();
    }

    @Test
    @DisplayName("Every setting at fault is named: library, slot and index together, no PIN source, two sources, blank alias")
    void badSettingsAreRefusedByName() throws Exception {
        Path lib = library();
        assertEquals("credentials.pkcs11.library", field(() -> Pkcs11Settings.builder().pin(PIN.toCharArray()).build()));
        assertEquals("credentials.pkcs11.library", field(() -> Pkcs11Settings.builder().library(dir.resolve("absent.so"))
                .pin(PIN.toCharArray()).build()));
        assertEquals("credentials.pkcs11.slot", field(() -> Pkcs11Settings.builder().library(lib).slot(1).slotIndex(0)
                .pin(PIN.toCharArray()).build()));
        assertEquals("credentials.pkcs11.slotIndex", field(() -> Pkcs11Settings.builder().library(lib).slotIndex(-1)
                .pin(PIN.toCharArray()).build()));
        assertEquals("credentials.pkcs11.pin", field(() -> Pkcs11Settings.builder().library(lib).build()));
        assertEquals("credentials.pkcs11.pin", field(() -> Pkcs11Settings.builder().library(lib).pin(PIN.toCharArray())
                .pinEnvironmentVariable("AGENCY_TOKEN_PIN").build()));
        assertEquals("credentials.pkcs11.keyAlias", field(() -> Pkcs11Settings.builder().library(lib)
                .pin(PIN.toCharArray()).keyAlias(" ").build()));
        assertEquals("credentials.pkcs11", field(() -> AgencyCredentials.fromPkcs11((Pkcs11Settings) null)));
    }

    @Test
    @DisplayName("The PIN never shows: toString names its source only; a given PIN is copied, not kept by reference")
    void thePinNeverShows() throws Exception {
        char[] pin = PIN.toCharArray();
        Pkcs11Settings given = Pkcs11Settings.builder().library(library()).slot(7).pin(pin).keyAlias("agency-key").build();
        java.util.Arrays.fill(pin, 'x');
        assertArrayEquals(PIN.toCharArray(), given.readPin(), "the settings keep their own copy");
        assertFalse(given.toString().contains(PIN), given.toString());
        assertTrue(given.toString().contains("slot=7") && given.toString().contains("agency-key"), given.toString());
        Pkcs11Settings fromVariable = Pkcs11Settings.builder().library(library()).pinEnvironmentVariable("AGENCY_TOKEN_PIN")
                .build();
        assertTrue(fromVariable.toString().contains("environment variable AGENCY_TOKEN_PIN"), fromVariable.toString());
    }

    @Test
    @DisplayName("A PIN file: read when the credentials are made, its final line break dropped; missing or empty is named")
    void aPinFileIsReadWithoutItsLineBreak() throws Exception {
        Path file = Files.writeString(dir.resolve("pin"), PIN + "\r\n", StandardCharsets.UTF_8);
        Pkcs11Settings s = Pkcs11Settings.builder().library(library()).pinFile(file).build();
        assertArrayEquals(PIN.toCharArray(), s.readPin());
        Files.writeString(file, "\n");
        assertEquals("credentials.pkcs11.pinFile", assertThrows(InvalidInputException.class, s::readPin).field());
        Files.delete(file);
        assertEquals("credentials.pkcs11.pinFile", assertThrows(InvalidInputException.class, s::readPin).field());
    }

    @Test
    @DisplayName("An unset PIN variable is named: the variable, never a value")
    void anUnsetPinVariableIsNamed() throws Exception {
        String unset = "AGENCY_TEST_UNSET_" + System.nanoTime();
        Pkcs11Settings s = Pkcs11Settings.builder().library(library()).pinEnvironmentVariable(unset).build();
        InvalidInputException read = assertThrows(InvalidInputException.class, s::readPin);
        assertEquals("credentials.pkcs11.pinEnvironmentVariable", read.field());
        assertTrue(read.getMessage().contains(unset), read.getMessage());
    }

    @Test
    @DisplayName("A file that is not a PKCS#11 library: refused naming the library, whatever the JDK says inside")
    void aFileThatIsNotALibraryIsNamed() throws Exception {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> AgencyCredentials.fromPkcs11(
                Pkcs11Settings.builder().library(library()).pin(PIN.toCharArray()).build()));
        assertEquals("credentials.pkcs11.library", e.field());
        assertFalse(e.getMessage().contains(PIN));
    }

    @Test
    @DisplayName("ConfigLoader: ketnoi.credentials.pkcs11.* needs a PIN, one slot setting, and no other key source")
    void theConfigLoaderChecksTheTokenKeys() throws Exception {
        Map<String, String> m = new HashMap<>();
        m.put("ketnoi.endpoint", "https://dancu.example.gov.vn");
        m.put("ketnoi.agency-id", "VN:GOV:000.00.15.H29");
        m.put("ketnoi.credentials.pkcs11.library", library().toString());
        ConfigurationException noPin = assertThrows(ConfigurationException.class, () -> ConfigLoader.fromMap(m));
        assertEquals("ketnoi.credentials.pkcs11.pin", noPin.property());
        assertTrue(noPin.getMessage().contains("KETNOI_CREDENTIALS_PKCS11_PIN"), noPin.getMessage());

        m.put("ketnoi.credentials.pkcs11.slot", "3");
        m.put("ketnoi.credentials.pkcs11.slot-index", "0");
        assertEquals("ketnoi.credentials.pkcs11.slot-index",
                assertThrows(ConfigurationException.class, () -> ConfigLoader.fromMap(m)).property());
        m.remove("ketnoi.credentials.pkcs11.slot-index");

        m.put("ketnoi.credentials.pem.key", library().toString());
        assertEquals("ketnoi.credentials.pkcs11.library",
                assertThrows(ConfigurationException.class, () -> ConfigLoader.fromMap(m)).property());
        m.remove("ketnoi.credentials.pem.key");

        // A PIN through the variable reaches the device step: the stand-in library is then refused by name.
        ConfigurationException lib = assertThrows(ConfigurationException.class,
                () -> ConfigLoader.load(m, Map.of("KETNOI_CREDENTIALS_PKCS11_PIN", PIN)));
        assertEquals("ketnoi.credentials.pkcs11.library", lib.property());
        assertFalse(lib.getMessage().contains(PIN));
    }
}
