/**
 * Verifying, on the server, what an app read from the chip of a Vietnamese citizen identity card
 * (CCCD, ICAO 9303): parsing the data groups ({@link vn.ketnoi.chip.ChipDump}), passive
 * authentication against configured country signing CAs and active authentication
 * ({@link vn.ketnoi.chip.ChipVerifier}), and cross-checks of the chip's fields against the MRZ, the
 * card's QR code and a population record ({@link vn.ketnoi.chip.CrossCheck}). See docs/chip.md.
 */
@NullMarked
package vn.ketnoi.chip;

import org.jspecify.annotations.NullMarked;
