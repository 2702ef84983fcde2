package vn.ketnoi.civilstatus;

import java.util.regex.Pattern;

import vn.ketnoi.core.exception.InvalidInputException;

/**
 * Finds a registration without an ID number, as a paper certificate names it: entry number,
 * book number and the registering authority's code. Immutable.
 */
public final class EntryReference {
    private static final Pattern NUMBER = Pattern.compile("[0-9A-Za-z/.-]{1,20}");
    private static final Pattern AUTHORITY = Pattern.compile("\\d{5}");

    private final String entryNumber;
    private final String bookNumber;
    private final String authorityCode;

    private EntryReference(String entryNumber, String bookNumber, String authorityCode) {
        this.entryNumber = entryNumber;
        this.bookNumber = bookNumber;
        this.authorityCode = authorityCode;
    }

    /**
     * {@return the reference}
     *
     * @param entryNumber the entry's number: 1 to 20 of {@code [0-9A-Za-z/.-]}
     * @param bookNumber the book's number, such as {@code 01/2019}: the same characters
     * @param authorityCode the registering People's Committee's 5-digit code
     * @throws InvalidInputException naming the field that is wrong
     */
    public static EntryReference of(String entryNumber, String bookNumber, String authorityCode) {
        if (entryNumber == null || !NUMBER.matcher(entryNumber).matches()) {
            throw new InvalidInputException("entryNumber", "must be 1 to 20 of [0-9A-Za-z/.-]");
        }
        if (bookNumber == null || !NUMBER.matcher(bookNumber).matches()) {
            throw new InvalidInputException("bookNumber", "must be 1 to 20 of [0-9A-Za-z/.-]");
        }
        if (authorityCode == null || !AUTHORITY.matcher(authorityCode).matches()) {
            throw new InvalidInputException("authorityCode", "must be 5 digits");
        }
        return new EntryReference(entryNumber, bookNumber, authorityCode);
    }

    /** {@return the entry's number} */
    public String entryNumber() {
        return entryNumber;
    }

    /** {@return the book's number} */
    public String bookNumber() {
        return bookNumber;
    }

    /** {@return the registering authority's code} */
    public String authorityCode() {
        return authorityCode;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EntryReference r && r.entryNumber.equals(entryNumber) && r.bookNumber.equals(bookNumber)
                && r.authorityCode.equals(authorityCode);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(entryNumber, bookNumber, authorityCode);
    }

    @Override
    public String toString() {
        return "EntryReference[" + entryNumber + ", book " + bookNumber + ", authority " + authorityCode + "]";
    }
}
