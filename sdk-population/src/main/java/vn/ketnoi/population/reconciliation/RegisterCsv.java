package vn.ketnoi.population.reconciliation;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.population.CitizenField;

/**
 * A register as a CSV file (RFC 4180, UTF-8): a header row {@code record_id,id_number,full_name,birth_date}
 * and then any of the comparable fields by their wire names ({@code sex}, {@code placeOfOrigin},
 * {@code permanentResidence}, {@code currentResidence}, {@code oldIdNumber}, {@code ethnicity},
 * {@code nationality}); one record per row, an empty cell for a value the register does not hold.
 * Read as a stream: one row in memory at a time.
 */
public final class RegisterCsv {
    private static final List<String> IDENTIFIERS = List.of("record_id", "id_number", "full_name", "birth_date");

    private RegisterCsv() {
    }

    /**
     * Opens a register file for reading. Close the reader when done.
     *
     * @param file the CSV file
     * @return the records, read as iteration reaches them
     * @throws InvalidInputException the header does not name the identifiers first, or names an unknown column
     */
    public static Reader open(Path file) {
        if (file == null) {
            throw new InvalidInputException("input", "is required");
        }
        try {
            return new Reader(Files.newBufferedReader(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the register " + file.getFileName(), e);
        }
    }

    /**
     * Writes records as a register file with these further columns (for tests, samples and benchmarks).
     *
     * @param file the file, replaced
     * @param fields the further columns, in order
     * @param records the records
     * @return the number of records written
     */
    public static long write(Path file, List<CitizenField> fields, Iterator<RegisterRecord> records) {
        long n = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            StringBuilder h = new StringBuilder(String.join(",", IDENTIFIERS));
            fields.forEach(f -> h.append(',').append(f.wireName()));
            out.write(h.append('\n').toString());
            while (records.hasNext()) {
                RegisterRecord r = records.next();
                StringBuilder sb = new StringBuilder();
                sb.append(quote(r.recordId())).append(',').append(quote(r.idNumber())).append(',')
                        .append(quote(r.fullName())).append(',').append(quote(r.birthDate()));
                for (CitizenField f : fields) {
                    sb.append(',').append(quote(r.values().getOrDefault(f, "")));
                }
                out.write(sb.append('\n').toString());
                n++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the register " + file.getFileName(), e);
        }
        return n;
    }

    private static String quote(String v) {
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }

    /** The records of a register file, one row at a time. Not thread-safe. */
    public static final class Reader implements Iterator<RegisterRecord>, AutoCloseable {
        private final BufferedReader in;
        private final List<CitizenField> columns = new ArrayList<>();
        private long row;
        private List<String> next;

        private Reader(BufferedReader in) {
            this.in = in;
            try {
                List<String> header = readRow();
                if (header == null || header.size() < 4 || !header.subList(0, 4).equals(IDENTIFIERS)) {
                    throw new InvalidInputException("input", "the header must start with " + String.join(",", IDENTIFIERS));
                }
                for (String name : header.subList(4, header.size())) {
                    CitizenField f = CitizenField.fromWireName(name).filter(RegisterRecord.COMPARABLE::contains)
                            .orElseThrow(() -> new InvalidInputException("input", "the header names an unknown column "
                                    + vn.ketnoi.core.internal.Untrusted.text(name) + "; comparable: sex, placeOfOrigin,"
                                    + " permanentResidence, currentResidence, oldIdNumber, ethnicity, nationality"));
                    columns.add(f);
                }
                next = readRow();
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        /** {@return the further columns the file holds, in order} */
        public List<CitizenField> columns() {
            return List.copyOf(columns);
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        /**
         * {@inheritDoc}
         *
         * @throws InvalidInputException a row with another number of cells than the header, or
         *         without a record id (named by its row number, never by its content)
         */
        @Override
        public RegisterRecord next() {
            if (next == null) {
                throw new NoSuchElementException();
            }
            List<String> cells = next;
            long at = row;
            if (cells.size() != 4 + columns.size()) {
                throw new InvalidInputException("input", "row " + at + " has " + cells.size() + " cells, the header "
                        + (4 + columns.size()));
            }
            RegisterRecord r;
            try {
                r = RegisterRecord.of(cells.get(0), cells.get(1), cells.get(2), cells.get(3));
            } catch (InvalidInputException e) {
                throw new InvalidInputException("input", "row " + at + ": " + e.field() + " " + e.problem());
            }
            for (int i = 0; i < columns.size(); i++) {
                r = r.with(columns.get(i), cells.get(4 + i));
            }
            next = readRow();
            return r;
        }

        /** One row's cells, quotes undone; null at the end of the file. */
        private List<String> readRow() {
            try {
                int c = in.read();
                if (c == 0xFEFF && row == 0) {
                    c = in.read();
                }
                if (c == -1) {
                    return null;
                }
                row++;
                List<String> cells = new ArrayList<>();
                StringBuilder cell = new StringBuilder();
                boolean quoted = false;
                while (true) {
                    if (quoted) {
                        if (c == -1) {
                            throw new InvalidInputException("input", "row " + row + " ends inside a quoted cell");
                        }
                        if (c == '"') {
                            in.mark(1);
                            int d = in.read();
                            if (d == '"') {
                                cell.append('"');
                            } else {
                                quoted = false;
                                in.reset();
                            }
                        } else {
                            cell.append((char) c);
                        }
                    } else if (c == '"' && cell.length() == 0) {
                        quoted = true;
                    } else if (c == ',') {
                        cells.add(cell.toString());
                        cell.setLength(0);
                    } else if (c == '\n' || c == -1) {
                        break;
                    } else if (c != '\r') {
                        cell.append((char) c);
                    }
                    c = in.read();
                }
                cells.add(cell.toString());
                return cells;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the register", e);
            }
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
